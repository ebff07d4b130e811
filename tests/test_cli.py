"""The command line: schema, usage errors and exit codes."""
import json

from intake.cli import EXIT_USAGE, main


def test_schema_describes_the_record(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "DossierRecord"
    for key in ("dossier_id", "company", "pages", "documents", "findings", "missing_items", "complete"):
        assert key in schema["properties"]


def test_process_of_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["process", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_USAGE
    assert "no such dossier" in capsys.readouterr().err


def test_batch_root_must_be_a_folder(tmp_path):
    assert main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_USAGE


def test_output_cut_short_by_head_is_not_an_error():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "intake.cli", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the schema is written, as with `| head` on long output
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and b"BrokenPipe" not in err
