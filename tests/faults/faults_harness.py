"""Real processes for the fault-injection tests: a throwaway Redis, workers, beat, gunicorn.

Every process runs in its own session (its own process group), writes to a log file in the
test's temporary folder and is killed with its whole group when the test ends. The shared
Redis and PostgreSQL of the machine are never stopped, frozen or restarted: the tests that
break the broker start their own `redis-server` on a free loopback port.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUEUES = "routing,deadlines,notifications,exports"
START_TIMEOUT = 45


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


class Process:
    """One command in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path):
        self.name, self.argv, self.env = name, argv, env
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> "Process":
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """SIGKILL the whole group (the process and every child it forked) and reap it."""
        if self.popen is None:
            return
        self.signal_group(signal.SIGCONT)  # a stopped process must not outlive its group
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return f"--- {self.name} ---\n" + "\n".join(self.log().splitlines()[-lines:])


class Processes:
    """All processes of one test; `kill_all` in the fixture's teardown."""

    def __init__(self, log_dir: Path, env: dict):
        self.log_dir, self.env, self.started = log_dir, env, []

    def start(self, name: str, argv: list[str], **extra_env) -> Process:
        process = Process(name, argv, {**self.env, **extra_env}, self.log_dir).start()
        self.started.append(process)
        return process

    def kill_all(self) -> None:
        for process in reversed(self.started):
            process.kill()

    def tails(self) -> str:
        return "\n".join(process.tail() for process in self.started)

    # --- The system's processes -------------------------------------------------------

    def redis(self, port: int, name: str = "redis") -> "Redis":
        argv = [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ]
        redis = Redis(self, port, argv, name)
        redis.start()
        return redis

    def worker(
        self, name: str = "worker", app: str = "config", concurrency: int = 2, **extra_env
    ) -> Process:
        argv = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app,
            "worker",
            "-Q",
            QUEUES,
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}-{os.getpid()}@%h",
        ]
        worker = self.start(name, argv, **extra_env)
        if not wait_until(lambda: " ready." in worker.log(), START_TIMEOUT):
            raise AssertionError("the worker did not start\n" + worker.tail())
        return worker

    def beat(self, name: str = "beat", app: str = "config", **extra_env) -> Process:
        schedule = self.log_dir / f"{name}-schedule"
        argv = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app,
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(schedule),
            "--pidfile",
            "",
        ]
        return self.start(name, argv, **extra_env)

    def web(self, port: int, name: str = "web", **extra_env) -> Process:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--access-logfile",
            "-",
        ]
        web = self.start(name, argv, **extra_env)
        if not wait_until(lambda: port_answers(port), START_TIMEOUT):
            raise AssertionError("gunicorn did not start\n" + web.tail())
        return web


class Redis:
    """A throwaway redis-server without persistence: stop, freeze, thaw, restart empty."""

    def __init__(self, processes: Processes, port: int, argv: list[str], name: str):
        self.processes, self.port, self.argv, self.name = processes, port, argv, name
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: Process | None = None
        self.generation = 0

    def start(self) -> None:
        self.generation += 1
        self.process = self.processes.start(f"{self.name}-{self.generation}", self.argv)
        if not wait_until(lambda: port_answers(self.port), 15, 0.05):
            raise AssertionError("redis-server did not start\n" + self.process.tail())

    def stop(self) -> None:
        """Gone, as after a crash: the queue it held is lost (no persistence)."""
        assert self.process is not None
        self.process.kill()
        wait_until(lambda: not port_answers(self.port), 10, 0.05)

    def restart_empty(self) -> None:
        self.stop()
        self.start()

    def freeze(self) -> None:
        assert self.process is not None
        self.process.signal_group(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.signal_group(signal.SIGCONT)


def database_url(settings_dict: dict) -> str:
    user = settings_dict["USER"] or "postgres"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def system_environment(*, database: str, redis_url: str, var_dir: Path) -> dict:
    """The caller's environment pointed at this test's database, Redis and folder."""
    env = dict(os.environ)
    env.pop("SQLITE_PATH", None)
    env.update(
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        SHOUWEN_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
        DB_CONN_MAX_AGE="60",
        DEBUG="0",
        SECRET_KEY="faults-test-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        # The tests register cases as fast as they can: not what the API limits are for.
        API_RATE_INTAKE="100000/minute",
        API_RATE_PER_USER="100000/minute",
        SECURE_HSTS_SECONDS="0",
        # The outbox sweep takes cases pending for 2 s (30 s in production), so a test
        # need not wait half a minute for it.
        ROUTING_SWEEP_GRACE_SECONDS="2",
        LANGUAGE_CODE="en",
    )
    return env


def publish(redis_url: str, task: str, args_list: list[list]) -> None:
    """Send `task` once per argument list to the given broker (not the test's own)."""
    from config.celery import app

    with app.connection_for_write(redis_url) as connection:
        for queue in QUEUES.split(","):  # as a worker would, so nothing sent is dropped
            app.amqp.queues[queue](connection.default_channel).declare()
        for args in args_list:
            app.send_task(task, args=args, connection=connection)


class WebClient:
    """A member of staff at the window (session) or a platform (token), over real HTTP."""

    def __init__(self, port: int):
        import requests

        self.base = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        self.api_token = ""

    def login(self, username: str, password: str) -> None:
        self.session.get(f"{self.base}/accounts/login/", timeout=30)
        response = self.session.post(
            f"{self.base}/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
            },
            headers={"Referer": f"{self.base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, response.text[:2000]

    def register_through_page(self, description: str, timeout: float = 30):
        import uuid

        from tests.builders import intake_form_body

        return self.session.post(
            f"{self.base}/cases/new/",
            data={
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
                **intake_form_body(description, str(uuid.uuid4())),
            },
            headers={"Referer": f"{self.base}/cases/new/"},
            allow_redirects=False,
            timeout=timeout,
        )

    def register_through_api(self, description: str, timeout: float = 30):
        import requests

        return requests.post(
            f"{self.base}/api/v1/cases/",
            json={
                "description": description,
                "complainants": [{"name": "李四", "phone": "13900139000"}],
            },
            headers={"Authorization": f"Token {self.api_token}"},
            timeout=timeout,
        )

    def get(self, path: str, timeout: float = 30):
        return self.session.get(f"{self.base}{path}", allow_redirects=False, timeout=timeout)


def timed(call: Callable, *args, **kwargs):
    """(response or the exception raised, seconds taken)."""
    started = time.monotonic()
    try:
        outcome = call(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the test reports what happened
        outcome = error
    return outcome, time.monotonic() - started


class PostgresCluster:
    """A PostgreSQL 15 cluster of this test's own (initdb in a temporary folder), loaded
    with a copy of the test database, which the test may stop and start again."""

    BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self, port: int):
        import pwd
        import tempfile

        self.port = port
        self.base = Path(tempfile.mkdtemp(prefix="shouwen-faults-pg-"))
        self.data = self.base / "data"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as postgres
            owner = pwd.getpwnam("postgres")
            os.chown(self.base, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{port}/shouwen"

    @classmethod
    def available(cls) -> bool:
        if not (cls.BIN / "initdb").exists():
            return False
        return os.geteuid() != 0 or shutil_which("runuser") is not None

    def _run(self, *argv: str, timeout: float = 60) -> str:
        result = subprocess.run(
            [*self.as_owner, *argv], capture_output=True, text=True, timeout=timeout, cwd="/"
        )
        assert result.returncode == 0, f"{argv[0]} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def init(self) -> "PostgresCluster":
        self._run(
            str(self.BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
        self._run(
            str(self.BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "postgres.log"),
            "-w",
            "start",
        )

    def crash(self) -> None:
        """Stop at once, as a crash or a failover would (recovery on the next start)."""
        self._run(str(self.BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                self.crash()
        shutil_rmtree(self.base)

    def load_copy_of(self, source_url: str) -> None:
        """The test database (schema and rows) into database `shouwen` of this cluster."""
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q"]
        subprocess.run([*psql, "-c", "CREATE DATABASE shouwen"], check=True, timeout=30)
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", source_url],
            capture_output=True,
            check=True,
            timeout=120,
        )
        subprocess.run(
            [*psql, "-d", "shouwen", "-v", "ON_ERROR_STOP=1"],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=120,
        )

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as connection:
            return connection.execute(sql).fetchall()


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
