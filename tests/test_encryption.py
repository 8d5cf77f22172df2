"""Encryption at rest with SQLCipher: encrypt / decrypt, opening with the passphrase, backups stay encrypted."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from coachtui.cli import main
from coachtui.store import backup, crypto, demo, encryption, participants
from coachtui.store.db import SQLITE_MAGIC, Database, looks_encrypted
from conftest import NOW, TODAY, participant_data

PASS = "korrekt häst batteri"
NAME = b"Andersson"


def _plain(path: Path) -> Path:
    db = Database(path)
    db.open(now=NOW)
    participants.save_coach(db, {"name": "Kim Coach", "municipality": "Gislaved", "fte": 0.4})
    participants.add_participant(db, participant_data())
    db.close()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One encrypted file per module (encrypting costs two key derivations); tests get copies of it."""
    path = _plain(tmp_path_factory.mktemp("template") / "coachtui.sqlite3")
    encryption.encrypt(path, PASS, now=NOW)
    crypto.forget_all()
    return path


@pytest.fixture(autouse=True)
def _no_passphrases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("COACHTUI_PASSPHRASE", raising=False)
    crypto.forget_all()
    yield
    crypto.forget_all()


@pytest.fixture
def encrypted(template: Path, db_path: Path) -> Path:
    db_path.parent.mkdir(parents=True)
    shutil.copy(template, db_path)
    return db_path


def _everything(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_encrypt_leaves_no_plaintext_and_keeps_the_data(db_path: Path) -> None:
    path = _plain(db_path)
    assert NAME in path.read_bytes() or NAME in Path(f"{path}-wal").read_bytes()

    made = encryption.encrypt(path, PASS, now=NOW)

    raw = path.read_bytes()
    assert raw[:16] != SQLITE_MAGIC and looks_encrypted(path)
    assert NAME not in raw and b"Gislaved" not in raw
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".*converting*"))
    assert made.read_bytes()[:16] == SQLITE_MAGIC  # the backup made first is the plain original
    crypto.forget_all()
    db = Database(path, passphrase=PASS)
    db.open(now=NOW)
    try:
        rows = participants.caseload(db, today=TODAY)
        assert [(r.first_name, r.last_name) for r in rows] == [("Anna", "Andersson")]
        assert (
            db.read().execute("PRAGMA user_version").fetchone()[0]
            == sqlite3.connect(made).execute("PRAGMA user_version").fetchone()[0]
        )
    finally:
        db.close()


def test_right_passphrase_reads_and_writes_through_sqlmodel(encrypted: Path) -> None:
    db = Database(encrypted, passphrase=PASS)
    db.open(now=NOW)  # quick_check and check_version read the encrypted file too
    try:
        new_id = participants.add_participant(db, participant_data(first_name="Bo", last_name="Berglund"))
        assert participants.participant(db, new_id).name == "Bo Berglund"
        names = sorted(r.last_name for r in participants.caseload(db, today=TODAY))
        assert names == ["Andersson", "Berglund"]
    finally:
        db.close()
    for part in (encrypted, Path(f"{encrypted}-wal")):
        if part.exists():
            assert b"Berglund" not in part.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):  # without SQLCipher and the key: unreadable
        sqlite3.connect(encrypted).execute("SELECT count(*) FROM participant").fetchone()


def test_wrong_passphrase_says_so_prints_nothing_and_writes_nothing(
    encrypted: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import sqlcipher3

    sqlcipher3.connect(":memory:").execute("PRAGMA cipher_log_level = WARN")  # the library's default
    before = _everything(encrypted.parent)
    db = Database(encrypted, passphrase="fel lösenfras 1")
    with pytest.raises(crypto.WrongPassphraseError, match="Fel lösenfras"):
        db.open(now=NOW)
    db.close()
    assert capfd.readouterr().err == ""
    assert _everything(encrypted.parent) == before


def test_no_passphrase_is_refused_clearly(encrypted: Path) -> None:
    with pytest.raises(crypto.PassphraseNeededError, match="krypterad"):
        Database(encrypted).open(now=NOW)


def test_decrypt_gives_a_plain_file_and_an_encrypted_backup(encrypted: Path) -> None:
    crypto.remember(encrypted, PASS)
    made = encryption.decrypt(encrypted, now=NOW)
    assert encrypted.read_bytes()[:16] == SQLITE_MAGIC
    conn = sqlite3.connect(encrypted)
    assert conn.execute("SELECT last_name FROM participant").fetchall() == [("Andersson",)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert looks_encrypted(made) and NAME not in made.read_bytes()


def test_backup_of_an_encrypted_file_is_encrypted_and_restores(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(encrypted, passphrase=PASS)
    db.open(now=NOW)
    made = backup.backup_now(db, "manual", NOW)
    participants.add_participant(db, participant_data(first_name="Cecilia", last_name="Holm"))
    db.close()

    assert made.read_bytes()[:16] != SQLITE_MAGIC and NAME not in made.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made).execute("SELECT count(*) FROM participant").fetchone()
    crypto.forget_all()
    with pytest.raises(crypto.PassphraseNeededError):
        backup.validate(made)
    crypto.check_passphrase(made, PASS)  # the same passphrase opens it (same key and salt)

    monkeypatch.setenv("COACHTUI_PASSPHRASE", PASS)
    code, _out, err = _cli("restore", str(made), "--yes", "--db", str(encrypted))
    assert (code, err) == (0, ""), err
    assert looks_encrypted(encrypted)
    db = Database(encrypted)
    db.open(now=NOW)
    try:
        assert [r.last_name for r in participants.caseload(db, today=TODAY)] == ["Andersson"]
    finally:
        db.close()
    previous = [b for b in backup.list_backups(encrypted) if b.kind == "pre-restore"]
    assert previous and looks_encrypted(previous[0].path)


def test_restoring_a_plain_backup_gives_a_plain_file(encrypted: Path, tmp_path: Path) -> None:
    plain = _plain(tmp_path / "other" / "plain.sqlite3")
    crypto.remember(encrypted, PASS)
    backup.restore(encrypted, plain, NOW)
    assert encrypted.read_bytes()[:16] == SQLITE_MAGIC
    pre = [b for b in backup.list_backups(encrypted) if b.kind == "pre-restore"]
    assert pre and looks_encrypted(pre[0].path)


def test_cli_encrypt_then_commands_then_decrypt(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plain(db_path)
    monkeypatch.setenv("COACHTUI_PASSPHRASE", "kort")
    before = db_path.read_bytes()
    code, _out, err = _cli("encrypt", "--db", str(db_path))
    assert code == 2 and "minst 8 tecken" in err
    assert db_path.read_bytes() == before

    monkeypatch.setenv("COACHTUI_PASSPHRASE", PASS)
    code, out, err = _cli("encrypt", "--db", str(db_path))
    assert (code, err) == (0, ""), err
    assert "krypterad" in out and "inte att få tillbaka" in out and "okrypterade" in out
    assert looks_encrypted(db_path) and NAME not in db_path.read_bytes()
    code, _out, err = _cli("encrypt", "--db", str(db_path))
    assert code == 2 and "redan krypterad" in err

    crypto.forget_all()
    code, out, err = _cli("check", "--db", str(db_path))
    assert (code, err) == (0, ""), err
    code, out, _err = _cli("export", "all", "-o", "-", "--db", str(db_path))
    assert code == 0 and "Andersson" in out

    crypto.forget_all()
    monkeypatch.setenv("COACHTUI_PASSPHRASE", "helt fel fras")
    before = db_path.read_bytes()
    code, _out, err = _cli("reminders", "--db", str(db_path))
    assert code == 2 and "Fel lösenfras" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before

    crypto.forget_all()
    monkeypatch.delenv("COACHTUI_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _out, err = _cli("reminders", "--db", str(db_path))
    assert code == 2 and "COACHTUI_PASSPHRASE" in err

    monkeypatch.setenv("COACHTUI_PASSPHRASE", PASS)
    code, out, err = _cli("decrypt", "--db", str(db_path))
    assert (code, err) == (0, ""), err
    assert db_path.read_bytes()[:16] == SQLITE_MAGIC
    code, _out, err = _cli("decrypt", "--db", str(db_path))
    assert code == 2 and "inte krypterad" in err


def test_cli_encrypt_can_remove_the_plain_backups(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plain(db_path)
    monkeypatch.setenv("COACHTUI_PASSPHRASE", PASS)
    assert _cli("backup", "--db", str(db_path))[0] == 0
    code, out, _err = _cli("encrypt", "--remove-plain-backups", "--db", str(db_path))
    assert code == 0 and "2 okrypterade" in out
    assert backup.list_backups(db_path) == []


def test_encrypt_refuses_while_another_window_has_the_file_open(db_path: Path) -> None:
    _plain(db_path)
    holder = (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        " c.execute('SELECT count(*) FROM participant').fetchone(); print('open', flush=True); time.sleep(30)"
    )
    other = subprocess.Popen([sys.executable, "-c", holder, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        with pytest.raises(crypto.StoreError, match="annat coachtui-fönster"):
            encryption.encrypt(db_path, PASS, now=NOW)
    finally:
        other.kill()
        other.wait()
    assert db_path.read_bytes()[:16] == SQLITE_MAGIC and not looks_encrypted(db_path)
    assert not list(db_path.parent.glob(".*converting*"))
    db = Database(db_path)
    db.open(now=NOW)
    try:
        assert [r.last_name for r in participants.caseload(db, today=TODAY)] == ["Andersson"]
    finally:
        db.close()


def test_passphrase_from_the_keyring(encrypted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return PASS

    monkeypatch.setitem(sys.modules, "keyring", types.SimpleNamespace(get_password=get_password))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _out, err = _cli("check", "--db", str(encrypted))
    assert (code, err) == (0, ""), err
    assert asked == [("coachtui", str(encrypted.resolve()))]


def test_demo_never_overwrites_an_encrypted_file(encrypted: Path) -> None:
    before = encrypted.read_bytes()
    with pytest.raises(crypto.StoreError, match="ingen demodatabas"):
        demo.create(encrypted, today=TODAY, now=NOW)
    assert encrypted.read_bytes() == before


def test_real_entry_point_wrong_passphrase_one_line_on_stderr(encrypted: Path) -> None:
    env = {**os.environ, "COACHTUI_TODAY": TODAY.isoformat(), "COACHTUI_PASSPHRASE": "fel fras igen"}
    before = encrypted.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "reminders", "--db", str(encrypted)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("coachtui: Fel lösenfras") and done.stderr.count("\n") == 1
    assert encrypted.read_bytes() == before
    env["COACHTUI_PASSPHRASE"] = PASS
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "check", "--db", str(encrypted)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "Kontroll: ok" in done.stdout


def test_without_sqlcipher_a_clear_message(encrypted: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # as if the extra were not installed
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    monkeypatch.setenv("COACHTUI_PASSPHRASE", PASS)
    before = encrypted.read_bytes()
    code, _out, err = _cli("reminders", "--db", str(encrypted))
    assert code == 2 and "pip install 'coachtui[encryption]'" in err and "krypterad (eller skadad)" in err
    assert encrypted.read_bytes() == before

    plain = _plain(db_path.with_name("plain.sqlite3"))
    code, _out, err = _cli("encrypt", "--db", str(plain))
    assert code == 2 and err.startswith("coachtui: Stöd för kryptering saknas")
    assert plain.read_bytes()[:16] == SQLITE_MAGIC
