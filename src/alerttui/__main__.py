from alerttui.cli import main

raise SystemExit(main())
