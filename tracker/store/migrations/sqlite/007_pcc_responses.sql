-- The PCC's published response to each report (section 55 of the Police
-- Act 1996: due 56 days from publication), as recorded. A report's latest
-- row is its response; a correction adds a row, so earlier ones are kept.

CREATE TABLE pcc_responses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   TEXT NOT NULL,
    url         TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE INDEX pcc_responses_by_report ON pcc_responses (report_id, id);
