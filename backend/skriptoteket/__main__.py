from skriptoteket.entrypoints.cli import main

# Guarded: `serve`'s worker processes are spawned, and import this module again as __mp_main__.
if __name__ == "__main__":
    raise SystemExit(main())
