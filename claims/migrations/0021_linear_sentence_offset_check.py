"""Check sentence offsets in time linear in the source's length, not quadratic.

PostgreSQL's substr() counts characters from the start of a UTF-8 string on every call, so checking
each sentence with substr(text, start + 1, length) walked the text up to that sentence: a 1 MB
article took 56 s, 2 MB 192 s, and a 50 MB one was still in this trigger after 24 minutes (issue 17).

Now each source's text is cut once into numbered blocks of 255 characters (one pass of the regex
engine, ~15 ms a MB); each sentence is rebuilt from the few blocks it spans, joined by (source,
block number), and compared with its stored text. The work is the text's length plus the sentences'
lengths, whatever the number of sentences. 255 is the longest repetition PostgreSQL's regexes allow.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION claims_sentence_offsets_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    WITH sources AS MATERIALIZED (
        SELECT s.id, s.project_id, s.text, char_length(s.text) AS length
        FROM claims_source s WHERE s.id IN (SELECT DISTINCT source_id FROM new_rows)
    ),
    blocks AS MATERIALIZED (
        SELECT s.id AS source_id, b.number - 1 AS number, b.piece[1] AS piece
        FROM sources s, regexp_matches(s.text, '.{1,255}', 'gs') WITH ORDINALITY AS b(piece, number)
    ),
    spans AS (
        -- Each sentence once per block it overlaps.
        SELECT n.id, n.source_id, n.start, n."end", generate_series(n.start / 255, (n."end" - 1) / 255) AS number
        FROM new_rows n WHERE n.start >= 0 AND n."end" > n.start
    ),
    rebuilt AS (
        SELECT p.id, substr(string_agg(b.piece, '' ORDER BY b.number), min(p.start) % 255 + 1,
                            min(p."end" - p.start)) AS text
        FROM spans p JOIN blocks b ON b.source_id = p.source_id AND b.number = p.number
        GROUP BY p.id
    )
    SELECT n.id, n.source_id, n.start, n."end" INTO bad
    FROM new_rows n LEFT JOIN sources s ON s.id = n.source_id LEFT JOIN rebuilt r ON r.id = n.id
    WHERE s.id IS NULL
       OR n."end" > s.length
       OR r.text IS DISTINCT FROM n.text
       OR n.project_id <> s.project_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'sentence % [%:%] does not match the text of source %', bad.id, bad.start, bad."end", bad.source_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
-- CREATE OR REPLACE drops the function's settings: keep its joins by key on index plans (see 0006).
ALTER FUNCTION claims_sentence_offsets_check() SET enable_seqscan = off;
"""

# 0004's version.
BACKWARD = r"""
CREATE OR REPLACE FUNCTION claims_sentence_offsets_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    WITH sources AS MATERIALIZED (
        SELECT s.id, s.project_id, s.text || '' AS text, char_length(s.text) AS length
        FROM claims_source s WHERE s.id IN (SELECT DISTINCT source_id FROM new_rows)
    )
    SELECT n.id, n.source_id, n.start, n."end" INTO bad
    FROM new_rows n LEFT JOIN sources s ON s.id = n.source_id
    WHERE s.id IS NULL
       OR n."end" > s.length
       OR substr(s.text, n.start + 1, n."end" - n.start) <> n.text
       OR n.project_id <> s.project_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'sentence % [%:%] does not match the text of source %', bad.id, bad.start, bad."end", bad.source_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
-- CREATE OR REPLACE drops the function's settings: keep its joins by key on index plans (see 0006).
ALTER FUNCTION claims_sentence_offsets_check() SET enable_seqscan = off;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0020_export_job_expiry")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
