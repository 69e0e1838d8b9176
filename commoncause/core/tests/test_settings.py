"""Guard tests: settings are documented and production settings are safe."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _variables_read_by_settings() -> set[str]:
    source = (REPO / "config" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))


def test_every_setting_variable_is_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    read = _variables_read_by_settings()
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_every_server_variable_is_in_env_example() -> None:
    """gunicorn's settings (config/gunicorn.conf.py) are read from the environment too."""
    documented = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    source = (REPO / "config" / "gunicorn.conf.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:os\.environ\.get|_number)\(\s*"([A-Z_]+)"', source))
    assert {"BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"} <= read, "the pattern no longer matches"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_production_settings_pass_deploy_check(tmp_path: Path) -> None:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "register.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "x.org", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_tests_run_on_the_database_the_environment_names(db) -> None:
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_in_production_rate_limit_counters_are_shared_by_every_worker(tmp_path: Path) -> None:
    """Two processes (as two web workers would be) see one cache, so a rate limit holds across them."""
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "register.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    manage("createcachetable")
    manage("shell", "-c", "from django.core.cache import cache; cache.set('calls', 7, 60)")
    seen = manage("shell", "-c", "from django.core.cache import cache; print(cache.get('calls'))")
    assert seen.strip().splitlines()[-1] == "7"


def test_settings_are_read_only_in_the_settings_module() -> None:
    """The environment is read in config/settings.py alone, and settings are never given a second
    default elsewhere (`getattr(settings, name, default)`), so .env.example stays the whole list."""
    found = []
    for path in sorted((REPO / "commoncause").rglob("*.py")):
        if "tests" in path.parts:
            continue
        # Handing the whole environment on to a child process (`{**os.environ, ...}`) reads no setting.
        source = path.read_text(encoding="utf-8").replace("{**os.environ,", "{")
        for pattern in (r"os\.environ", r"os\.getenv", r"getattr\(\s*settings\b"):
            if re.search(pattern, source):
                found.append(f"{path.relative_to(REPO)}: {pattern}")
    assert not found, found
