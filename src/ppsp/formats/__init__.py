"""Documents in and out: the cattrs converter, JSON documents of records, provinces, funding
plans, rulebooks and scenarios, their JSON Schemas, the seal (hash chain) and the file store."""
