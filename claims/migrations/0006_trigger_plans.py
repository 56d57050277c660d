"""Keep the statement-level checks on index plans, whatever the table statistics say.

Right after a table was emptied (or in a new database) its statistics say it is tiny, and the
planner then joins a batch of new rows to it by scanning the whole table once per row. During a
bulk import the table grows inside the transaction, the statistics do not, and a 65,000-sentence
import took 45 s instead of 3. Every join in these checks is by primary key, so index scans are
always right.
"""

from django.db import migrations

FUNCTIONS = ("claims_sentence_offsets_check()", "claims_mention_check()", "claims_span_inside_sentence_check()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_checked_by_triggers")]

    operations = [
        migrations.RunSQL(
            [f"ALTER FUNCTION {function} SET enable_seqscan = off" for function in FUNCTIONS],
            [f"ALTER FUNCTION {function} RESET enable_seqscan" for function in FUNCTIONS],
        )
    ]
