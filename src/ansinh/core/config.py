"""The one settings object, read from `ANSINH_*` environment variables (and `.env`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ansinh.core.secret_file import load_or_create

DEV_SECRET = "dev-only-insecure-secret-change-me"  # published: refused outside the test suite
SECRET_FILE = "secret.key"


class Settings(BaseSettings):
    """Platform configuration; fails fast on insecure secrets outside dev and test."""

    model_config = SettingsConfigDict(env_prefix="ANSINH_", env_file=".env", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    database_url: str | None = None  # external server, as the owner (migrations, bulk loads)
    database_app_url: str | None = None  # the platform's role there; default: app_role below
    app_role: str = "ansinh_app"  # the login role the platform serves as (not owner, not super)
    app_db_password: SecretStr | None = None  # its password; unset: generated under data_dir
    data_dir: Path = Path(".ansinh")
    secret_key: SecretStr = SecretStr("")  # unset: generated under data_dir (not in prod)
    host: str = "127.0.0.1"
    port: int = 8000
    demo_people: int = 50_000
    demo_province: str = "79"
    demo_seed: int = 2026
    log_level: str = "INFO"
    # DuckDB linkage: a memory cap (e.g. "8GB"; default DuckDB's, 80 % of RAM) and where the
    # intermediate tables spill beyond it (default: DuckDB's own temporary folder)
    linkage_memory_limit: str | None = None
    linkage_spill_dir: Path | None = None
    population_register_url: str | None = None  # sandbox.population base URL; None: not used
    population_register_key: SecretStr | None = None
    bank_url: str | None = None  # sandbox.bank (or a bank's gateway) base URL; None: not used
    bank_api_key: SecretStr | None = None  # sent as X-API-Key
    national_portal_url: str | None = None  # sandbox.nationalportal base URL; None: not used
    national_portal_key: SecretStr | None = None  # sent as X-API-Key with status reports
    national_portal_retry_seconds: int = 30  # first wait after a failed report (then doubled)
    national_portal_max_attempts: int = 8  # then the report stays failed for an operator
    employment_centre_url: str | None = None  # sandbox.employment base URL; None: not used
    employment_centre_api_key: SecretStr | None = None  # sent as X-API-Key
    # The agency's debit account and initiating-party id in payment files (default: the sandbox's)
    bank_party_id: str = "BHXHVN"
    bank_debtor_bin: str = "970405"
    bank_debtor_account: str = "1500201000001"
    bank_debtor_name: str = "BAO HIEM XA HOI VIET NAM"
    bank_poll_cron: str = "*/5 * * * *"  # how often sent files are posted and reports fetched
    payroll_cron: str = "0 0 * * *"  # daily, 07:00 in Vietnam: the day's runs are computed
    hi_rate_per_second: float = 20.0  # per clinic API client, shared by the server processes
    hi_rate_burst: int = 100
    evidence_max_bytes: int = 2 * 2**20  # a PL02 file above this is answered 1001 (too large)
    workers: int = 1  # server processes (`ansinh serve --workers` sets it for its workers)
    portal_url: str | None = None  # public base URL of the portal; dev/test: http://host:port
    eid_issuer: str | None = None  # national e-ID OIDC issuer; dev/test: the sandbox on port + 1
    eid_client_id: str = "ansinh-portal"
    eid_client_key_path: Path | None = None  # default <data_dir>/keys/eid-client.jwk
    eid_token_max_seconds: int = 3600  # partner API: citizen access tokens living longer refused
    cookie_secure: bool = True  # loopback http counts as secure in Chromium and Firefox
    event_max_attempts: int = 5  # a failing event handler lands in the dead letters after this
    event_retry_seconds: float = 30.0  # first retry delay; doubled at every further attempt
    event_chunk_size: int = 200  # deliveries of one batch to one handler run in one transaction
    worker_heartbeat_seconds: float = 10.0
    worker_concurrency: int = 2  # jobs a worker runs at once (payroll: provinces side by side)
    worker_poll_seconds: float = 5.0  # how often a worker looks for jobs whose time has come
    worker_stalled_seconds: float = 30.0  # a job whose worker is silent this long runs again
    register_feed_cron: str = "0 19 * * *"  # register change feed (cron in UTC: 02:00 in Vietnam)
    upload_max_bytes: int = 256 * 2**20  # a declaration file above this is refused with 413
    xlsx_max_unzipped_bytes: int = 1024 * 2**20  # an XLSX may unpack to this much, all parts
    xlsx_max_shared_strings_bytes: int = 64 * 2**20  # read whole into memory by openpyxl
    xlsx_max_rows: int = 1_048_576  # Excel's own limit
    xlsx_max_columns: int = 64  # a declaration has 11 columns; room for notes beside them
    xlsx_max_cells: int = 12_000_000
    xlsx_max_seconds: float = 300.0  # CPU time to read one workbook
    # Officer login throttle (policy, not law): failures allowed before back-off starts, by
    # account and by client address; the first wait, doubled at each further failure up to the
    # cap; and the failures after which an account is locked, for how long (an admin can unlock).
    login_account_free_failures: int = 5
    login_address_free_failures: int = 10
    login_backoff_seconds: float = 1.0
    login_backoff_max_seconds: float = 900.0
    login_lockout_failures: int = 20
    login_lockout_seconds: float = 3600.0
    retry_after_seconds: int = 5  # told to callers while the database is unreachable

    @model_validator(mode="after")
    def _refuse_insecure_secrets(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if secret == DEV_SECRET and self.env != "test":
            raise ValueError(
                "ANSINH_SECRET_KEY is the published development value, which anyone can use to "
                "forge tokens; unset it (ansinh then generates one under ANSINH_DATA_DIR) "
                "or set a random value of at least 32 characters"
            )
        if self.env == "prod" and len(secret) < 32:
            raise ValueError(
                "ANSINH_SECRET_KEY must be set to a random value of at least 32 characters "
                "when ANSINH_ENV=prod"
            )
        if not secret:
            self.secret_key = SecretStr(load_or_create(self.data_dir / SECRET_FILE))
        if self.env != "dev" and not self.cookie_secure:
            raise ValueError("ANSINH_COOKIE_SECURE=false is allowed only when ANSINH_ENV=dev")
        for name in ("portal_url", "eid_issuer"):
            url = getattr(self, name)
            if self.env == "prod" and url is not None and not url.startswith("https://"):
                raise ValueError(
                    f"ANSINH_{name.upper()} must be an https:// URL when ANSINH_ENV=prod"
                )
        return self

    @property
    def portal_base_url(self) -> str | None:
        """The portal's public URL (redirect URIs are built on it); None if unset in prod."""
        if self.portal_url or self.env == "prod":
            return self.portal_url
        return f"http://{self.host}:{self.port}"

    @property
    def eid_issuer_url(self) -> str | None:
        """The e-ID provider's issuer; outside prod it defaults to the sandbox on port + 1."""
        if self.eid_issuer or self.env == "prod":
            return self.eid_issuer
        return f"http://{self.host}:{self.port + 1}"

    @property
    def eid_key_file(self) -> Path:
        """The portal's private key for `private_key_jwt` at the e-ID provider."""
        return self.eid_client_key_path or self.data_dir / "keys" / "eid-client.jwk"

    @property
    def embedded(self) -> bool:
        """True when the platform runs its own embedded PostgreSQL."""
        return self.database_url is None


@cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
