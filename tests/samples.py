"""Inputs shared by several test modules (imported by bare name, like ``cli_runner``)."""

#: Markup that would run script if any page or popup rendered it as HTML.
XSS_TEXT = "<img src=x onerror=alert(1)>"

#: A strike upload of two rows: U1 valid (its place is :data:`XSS_TEXT`), U2 with a bad date.
UPLOAD_ONE_GOOD_ONE_BAD = (
    "id,date,region,location_precision,latitude,longitude,uncertainty_radius_nm,deaths,"
    "status,location_method,source_urls,location_text\n"
    "U1,2025-10-20,Caribbean,approximate,12.5,-66.5,10,2,confirmed,from a report,"
    f'https://example.org/u1,"{XSS_TEXT}"\n'
    "U2,not-a-date,Caribbean,approximate,12.6,-66.4,10,1,confirmed,from a report,"
    "https://example.org/u2,bad row\n"
)
