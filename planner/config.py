"""Configuration read from environment variables.

Everything an operator may change is an environment variable, so that the same code runs in
`make run`, in tests and under gunicorn. Bad values end in one line naming the variable
(:class:`ConfigError`), never a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class ConfigError(RuntimeError):
    """A configuration value that the app cannot start with; the message names the variable."""


def database_url(instance_path: Path, environ=os.environ) -> URL:
    """The database URL: `DATABASE_URL`, or a SQLite file under the instance folder.

    `postgresql://` and `postgres://` URLs are pointed at the psycopg 3 driver, the only one
    installed, so operators can paste the URL their hosting gives them.
    """
    raw = environ.get("DATABASE_URL", "").strip()
    if not raw:
        return make_url(f"sqlite:///{instance_path / 'planner.db'}")
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL: cannot parse {raw!r}; expected e.g. "
            "postgresql://user:password@host:5432/dbname or sqlite:///path/planner.db"
        ) from None
    backend = url.get_backend_name()
    if backend == "postgres":
        url = url.set(drivername="postgresql")
        backend = "postgresql"
    if backend not in SUPPORTED_BACKENDS:
        raise ConfigError(f"DATABASE_URL: unsupported database {backend!r}; use sqlite or postgresql")
    if backend == "postgresql" and url.drivername != "postgresql+psycopg":
        url = url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and not url.database:
        raise ConfigError("DATABASE_URL: a SQLite URL needs a file path, e.g. sqlite:///instance/planner.db")
    return url


def secret_key(instance_path: Path, environ=os.environ) -> str:
    """`SECRET_KEY`, or a random key kept in `instance/secret_key`.

    There is no built-in default key: a fresh install gets its own random one, written once with
    owner-only permissions, so sessions survive restarts and no two installs share a key.
    """
    key = environ.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 16:
            raise ConfigError("SECRET_KEY: too short; use at least 16 random characters")
        return key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_HOST", "PREFERRED_URL_SCHEME", "TRUSTED_HOSTS")


def environ_with(overrides: dict) -> dict:
    """The process environment with the environment-style keys of `overrides` laid over it.

    Those keys are removed from `overrides`, so they are parsed like real environment values.
    """
    environ = dict(os.environ)
    for key in ENV_KEYS:
        if key in overrides:
            value = overrides.pop(key)
            environ[key] = value.render_as_string(hide_password=False) if isinstance(value, URL) else str(value)
    return environ


def mail_settings(environ=os.environ) -> dict:
    """MAIL_* for the outbox sender (planner.registration.mailer). No MAIL_SERVER: mails wait."""
    port = environ.get("MAIL_PORT", "").strip() or "25"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"MAIL_PORT: {port!r} is not a port number")
    return {
        "MAIL_SERVER": environ.get("MAIL_SERVER", "").strip(),
        "MAIL_PORT": int(port),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": environ.get("MAIL_USE_TLS", "").strip().lower() in ("1", "true", "yes", "on"),
        "MAIL_SENDER": environ.get("MAIL_SENDER", "").strip() or "events@planner.localhost",
    }


def branding_settings(instance_path: Path, environ=os.environ) -> dict:
    """The site's name and emblem in the header, where event logos (planner.events.logos) and
    speakers' photos (planner.agenda.photos) are kept, and how large each may be.

    SITE_EMBLEM_URL must be a path on this site (the Content-Security-Policy loads images from
    the site itself only; put the file under the proxy's /static/ or anywhere it serves). A
    relative LOGO_FOLDER or PHOTO_FOLDER is taken from the project folder, so `make run` and
    gunicorn agree."""
    emblem = environ.get("SITE_EMBLEM_URL", "").strip()
    if emblem and (not emblem.startswith("/") or emblem.startswith("//") or any(c in emblem for c in " \\\"'<>")):
        raise ConfigError(f"SITE_EMBLEM_URL: {emblem!r} is not a path on this site (e.g. /static/emblem.png)")
    return {
        "SITE_NAME": environ.get("SITE_NAME", "").strip(),
        "SITE_EMBLEM_URL": emblem,
        "LOGO_FOLDER": _upload_folder(instance_path, environ, "LOGO_FOLDER", "logos"),
        "LOGO_MAX_BYTES": _byte_limit(environ, "LOGO_MAX_BYTES", 1024 * 1024),
        "PHOTO_FOLDER": _upload_folder(instance_path, environ, "PHOTO_FOLDER", "photos"),
        "PHOTO_MAX_BYTES": _byte_limit(environ, "PHOTO_MAX_BYTES", 2 * 1024 * 1024),
    }


# Debian's paths (fonts-noto-core, fonts-noto-cjk; scripts/ensure-pdf-tools installs them).
LETTER_FONTS = {
    "LETTER_FONT_SANS": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "LETTER_FONT_ARABIC": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "LETTER_FONT_CJK": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
}


def letter_font_settings(environ=os.environ) -> dict:
    """The font files letters of invitation are set in (planner.registration.letter_pdf): one for
    Latin and Cyrillic, one for Arabic, one for Chinese (a collection: LETTER_FONT_CJK_FACE is the
    index of its Simplified Chinese face, 2 in Noto Sans CJK). Checked when a letter is made, not
    here: the site runs without them, and a missing file is named in the secretariat's message."""
    face = environ.get("LETTER_FONT_CJK_FACE", "").strip() or "2"
    if not (face.isascii() and face.isdigit()):
        raise ConfigError(f"LETTER_FONT_CJK_FACE: {face!r} is not the index of a face in a font collection (e.g. 2)")
    return {
        **{key: environ.get(key, "").strip() or default for key, default in LETTER_FONTS.items()},
        "LETTER_FONT_CJK_FACE": int(face),
    }


def _upload_folder(instance_path: Path, environ, key: str, default: str) -> Path:
    """A folder for uploaded files: the variable's, or `default` under the instance folder."""
    folder = Path(environ.get(key, "").strip() or instance_path / default).expanduser()
    return folder if folder.is_absolute() else instance_path.parent / folder


def _byte_limit(environ, key: str, default: int) -> int:
    """A size limit for uploaded images, from 1 KB to 20 MB."""
    raw_limit = environ.get(key, "").strip() or str(default)
    if not (raw_limit.isascii() and raw_limit.isdigit()) or not 1024 <= int(raw_limit) <= 20 * 1024 * 1024:
        raise ConfigError(f"{key}: {raw_limit!r} is not a number of bytes from 1024 to 20971520")
    return int(raw_limit)


def document_settings(instance_path: Path, environ=os.environ) -> dict:
    """Where uploaded documents are kept and how large one file may be (planner.documents.files).

    A relative DOCUMENT_FOLDER is taken from the project folder, as LOGO_FOLDER is. UN reports
    run to a few megabytes; DOCUMENT_MAX_BYTES (default 20 MB) bounds each file."""
    raw_limit = environ.get("DOCUMENT_MAX_BYTES", "").strip() or str(20 * 1024 * 1024)
    if not (raw_limit.isascii() and raw_limit.isdigit()) or not 1024 <= int(raw_limit) <= 200 * 1024 * 1024:
        raise ConfigError(f"DOCUMENT_MAX_BYTES: {raw_limit!r} is not a number of bytes from 1024 to 209715200")
    folder = Path(environ.get("DOCUMENT_FOLDER", "").strip() or instance_path / "documents").expanduser()
    return {
        "DOCUMENT_FOLDER": folder if folder.is_absolute() else instance_path.parent / folder,
        "DOCUMENT_MAX_BYTES": int(raw_limit),
    }


LOOPBACK_HOSTS = ["localhost", "127.0.0.1"]


def trusted_hosts(public_host: str, environ=os.environ) -> list[str]:
    """Host names a request may be addressed to; any other Host header gets a 400 (Flask's
    TRUSTED_HOSTS). `TRUSTED_HOSTS` (comma-separated; ".example.org" admits its subdomains)
    or, by default, PUBLIC_HOST and the loopback names (what `make run` and a proxy on the same
    machine use). Links never come from the Host header either way (planner.urls)."""
    raw = environ.get("TRUSTED_HOSTS", "").strip()
    if raw:
        hosts = [h.strip() for h in raw.split(",") if h.strip()]
        bad = [h for h in hosts if "/" in h or " " in h]
        if bad:
            raise ConfigError(f"TRUSTED_HOSTS: {bad[0]!r} is not a host name")
        return hosts
    return [public_host, *LOOPBACK_HOSTS]  # werkzeug compares names without their ports


def load(instance_path: Path, environ=os.environ) -> dict:
    """The app's configuration mapping, from the environment."""
    public_host = environ.get("PUBLIC_HOST", "planner.localhost").strip()
    if not public_host or "/" in public_host or " " in public_host:
        raise ConfigError(f"PUBLIC_HOST: {public_host!r} is not a host name (e.g. planner.example.org)")
    idle = environ.get("SESSION_IDLE_MINUTES", "").strip() or "120"
    if not (idle.isascii() and idle.isdigit()) or int(idle) < 1:  # no sign, no decimal point
        raise ConfigError(f"SESSION_IDLE_MINUTES: {idle!r} is not a whole number of minutes (1 or more, e.g. 120)")
    idle_minutes = int(idle)
    scheme = environ.get("PREFERRED_URL_SCHEME", "https").strip() or "https"
    if scheme not in ("http", "https"):
        raise ConfigError(f"PREFERRED_URL_SCHEME: {scheme!r} is neither http nor https")
    settings = {
        "SECRET_KEY": secret_key(instance_path, environ),
        "DATABASE_URL": database_url(instance_path, environ),
        # Host name that namespaces calendar UIDs (they stay host-free UUIDs; see planner.calendar).
        # Set it once per installation: changing it changes every UID subscribers have.
        "PUBLIC_HOST": public_host,
        "PREFERRED_URL_SCHEME": scheme,
        "TRUSTED_HOSTS": trusted_hosts(public_host, environ),
        # A signed-in session unused for this long counts as signed out (planner.accounts.auth).
        "SESSION_IDLE_MINUTES": idle_minutes,
        **mail_settings(environ),
        **branding_settings(instance_path, environ),
        **letter_font_settings(environ),
        **document_settings(instance_path, environ),
    }
    # A bound on every request's body, twice the largest upload limit: the upload pages refuse a
    # file over their own limit first, with a page that says it; werkzeug cuts a body beyond this
    # one off with a 413 (a chunked one as it is read, where the server marks the input
    # terminated) instead of spooling it to disk.
    largest = max(settings["DOCUMENT_MAX_BYTES"], settings["LOGO_MAX_BYTES"], settings["PHOTO_MAX_BYTES"])
    settings["MAX_CONTENT_LENGTH"] = 2 * largest + 1024 * 1024
    return settings
