from geo.build.pipeline import main

raise SystemExit(main())
