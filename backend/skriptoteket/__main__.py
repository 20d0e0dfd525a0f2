from skriptoteket.entrypoints.cli import main

raise SystemExit(main())
