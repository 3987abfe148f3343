-- Fixed-window rate-limit counters (JdbcRateLimiter), shared by every instance on this database. One row per
-- (action, window length, key): calls counted in the current window and when that window ends (epoch millis).
-- Rows whose window has ended are swept by the limiter.
CREATE TABLE IF NOT EXISTS rate_limit (
    bucket     TEXT   NOT NULL PRIMARY KEY,
    hits       BIGINT NOT NULL,
    window_end BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limit_window_end_idx ON rate_limit (window_end);
