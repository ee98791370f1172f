/** The real Redis every machine of this project runs (`.ci/run` starts it when it is down). */
export const REDIS_URL = process.env.LODE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The real PostgreSQL every machine of this project runs, with trust authentication. */
export const POSTGRES_URL = process.env.LODE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
