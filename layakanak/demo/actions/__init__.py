"""The demo's bulk writes (seeding), one module per workflow: a self-assessment's answers and
evidence (`self_assessment`), a stage's checks (`checks`), a whole verified past cycle
(`verified_cycle`). Each `do_*` runs in one transaction and records one audit event per call.
Importers name the module (`from layakanak.demo.actions.checks import do_seed_checks`)."""
