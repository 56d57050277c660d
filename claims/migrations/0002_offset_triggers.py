"""Database-level guarantees the ORM cannot express as CHECK constraints.

- A source's text never changes once imported (offsets point into it).
- A sentence's text is exactly source.text[start:end], and it belongs to its source's project.
- Actor mentions and claims lie inside their sentence.

The sentence check is a statement-level trigger over the transition table, so a bulk COPY of
60,000 sentences runs one set-based query instead of 60,000 row-level function calls.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION claims_source_text_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text THEN
        RAISE EXCEPTION 'source % text is immutable once imported', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_source_text_immutable BEFORE UPDATE OF text ON claims_source
    FOR EACH ROW EXECUTE FUNCTION claims_source_text_immutable();

CREATE FUNCTION claims_sentence_offsets_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    SELECT n.id, n.source_id, n.start, n."end" INTO bad
    FROM new_rows n JOIN claims_source s ON s.id = n.source_id
    WHERE n."end" > char_length(s.text)
       OR substr(s.text, n.start + 1, n."end" - n.start) <> n.text
       OR n.project_id <> s.project_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'sentence % [%:%] does not match the text of source %', bad.id, bad.start, bad."end", bad.source_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_sentence_offsets_insert AFTER INSERT ON claims_sentence
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_sentence_offsets_check();
CREATE TRIGGER claims_sentence_offsets_update AFTER UPDATE ON claims_sentence
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_sentence_offsets_check();

CREATE FUNCTION claims_span_inside_sentence_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    SELECT n.id, n.sentence_id INTO bad
    FROM new_rows n JOIN claims_sentence s ON s.id = n.sentence_id
    WHERE n.start < s.start OR n."end" > s."end"
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% % lies outside sentence %', TG_TABLE_NAME, bad.id, bad.sentence_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_mention_inside_insert AFTER INSERT ON claims_actormention
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_span_inside_sentence_check();
CREATE TRIGGER claims_mention_inside_update AFTER UPDATE ON claims_actormention
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_span_inside_sentence_check();
CREATE TRIGGER claims_claim_inside_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_span_inside_sentence_check();
CREATE TRIGGER claims_claim_inside_update AFTER UPDATE ON claims_claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_span_inside_sentence_check();
"""

BACKWARD = r"""
DROP TRIGGER claims_claim_inside_update ON claims_claim;
DROP TRIGGER claims_claim_inside_insert ON claims_claim;
DROP TRIGGER claims_mention_inside_update ON claims_actormention;
DROP TRIGGER claims_mention_inside_insert ON claims_actormention;
DROP FUNCTION claims_span_inside_sentence_check();
DROP TRIGGER claims_sentence_offsets_update ON claims_sentence;
DROP TRIGGER claims_sentence_offsets_insert ON claims_sentence;
DROP FUNCTION claims_sentence_offsets_check();
DROP TRIGGER claims_source_text_immutable ON claims_source;
DROP FUNCTION claims_source_text_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
