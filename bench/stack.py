"""The processes the bench starts: gunicorn and a Celery worker on loopback, and itself.

Both are stopped by their own process ids, the main processes only (celery/celery#2700).
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from bench import djangoenv

PYTHON = str(djangoenv.REPO / ".venv" / "bin" / "python")
GUNICORN = str(djangoenv.REPO / ".venv" / "bin" / "gunicorn")
CELERY = str(djangoenv.REPO / ".venv" / "bin" / "celery")
RUN = str(djangoenv.REPO / "bench" / "run.py")  # the command line, for its child processes
LOGS = djangoenv.REPO / "bench" / "results" / "logs"


class Stack:
    """gunicorn and a Celery worker on loopback, stopped by their own process ids."""

    def __init__(self, url: str, port: int, workers: int, log_dir: Path):
        self.env = {**os.environ, **djangoenv.bench_environment(url)}
        self.port, self.workers, self.log_dir = port, workers, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        import socket

        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is taken: is an earlier bench still up?")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "gunicorn",
            [
                GUNICORN,
                "config.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--graceful-timeout",
                "5",
            ],
        )
        self._spawn(
            "celery",
            [
                CELERY,
                "-A",
                "config",
                "worker",
                "-Q",
                "routing,deadlines,notifications",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )
        self._wait_ready()

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes.append(
            subprocess.Popen(command, cwd=djangoenv.REPO, env=self.env, stdout=log, stderr=log)
        )

    def _wait_ready(self) -> None:
        from bench.client import Session

        for _ in range(120):
            if any(process.poll() is not None for process in self.processes):
                raise RuntimeError(f"a bench process exited; see {self.log_dir}")
            try:
                status, _body = Session(self.port).get("/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        for process in self.processes:  # the main processes only (celery/celery#2700)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes = []
