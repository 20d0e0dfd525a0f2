"""The one package of in-memory fakes of the ports, for unit tests of the use cases.

Every fake works on one `FakeDatabase` (database.py); `FakeUnitOfWork` keeps a block's writes
only when it commits, like PostgreSQL. mypy checks the package (each module ends with a
never-called function that assigns every fake to its Protocol), and the contract suites
(tests/integration/test_identity_repositories.py, tests/integration/test_port_contracts.py)
run the same tests against the fakes and the SQL repositories, so the fakes cannot drift from
the real thing unnoticed.

- identity.py: accounts, sign-in sessions, access tokens, login attempts, audit, hasher;
- catalog.py: taxonomy, tools, versions, suggestions (`FakeCatalog` builds use cases);
- runs.py: tool sessions, tool settings, the run queue's enqueue side, run reads (`FakeRuns`);
- queue.py: the worker side of the queue and a scripted runner;
- build.py: a use case built from fakes by its constructor's types, as bootstrap does.
"""
