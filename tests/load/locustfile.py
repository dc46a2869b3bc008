"""Locust scenario for `make load` (tests/load/run_load.py writes the plan it reads): staff at work on one server.

Clerks record items and work the lists, the standing committee looks at its boards, agency officers work their
inbox; each signs in once and reads a page every few seconds (think time), as people do. Every user also asks for
/healthz now and then: the framework's floor on the same server, under the same load. Requests are named by page,
so the statistics come per page. Not a test module (pytest never imports it: locust patches the standard library).
"""
from __future__ import annotations

import json
import os
import random
import re
from itertools import count

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115 - read once at start
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
WRITES = count(1)


class Staff(HttpUser):
    abstract = True
    wait_time = between(PLAN["think_min"], PLAN["think_max"])
    role = ""

    def on_start(self) -> None:
        self.account = random.choice(PLAN["accounts"][self.role])
        self.codes = PLAN["codes"].get(self.account, PLAN["codes"]["any"])
        form = self.client.get("/auth/login", name="sign in (form)")
        self.token = CSRF.search(form.text).group(1)
        with self.client.post("/auth/login", name="sign in", allow_redirects=False, catch_response=True,
                              data={"username": self.account, "password": PLAN["password"],
                                    "csrf_token": self.token}) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused ({response.status_code})")

    def item_page(self) -> None:
        self.client.get(f"/petitions/{random.choice(self.codes)}", name="item page")

    @task(1)
    def floor(self) -> None:
        self.client.get("/healthz", name="floor: /healthz")


class Clerk(Staff):
    weight = 2
    role = "clerk"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="clerk dashboard")

    @task(4)
    def petition_list(self) -> None:
        self.client.get("/petitions", name="petition list, default")

    @task(2)
    def search(self) -> None:
        self.client.get("/petitions", params={"q": random.choice(PLAN["searches"])}, name="search (accented)")

    @task(2)
    def field_and_status(self) -> None:
        self.client.get("/petitions", params={"field": random.choice(PLAN["fields"]), "status": "transferred"},
                        name="list filtered by field and status")

    @task(4)
    def item(self) -> None:
        self.item_page()

    @task(1)
    def record(self) -> None:
        n = next(WRITES)
        data = {"content": f"Cử tri phản ánh đèn chiếu sáng ngõ {n} bị hỏng nhiều tháng, đề nghị sửa chữa.",
                "summary": f"Sửa đèn chiếu sáng ngõ {n}", "channel": "letter", "locality": "phường Hà Đông",
                "voter_name": "", "session": str(PLAN["session"]), "timing": "after", "csrf_token": self.token}
        with self.client.post("/petitions/new", data=data, name="record an item (write)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"not saved ({response.status_code})")

    @task(1)
    def export(self) -> None:
        params = {"field": random.choice(PLAN["fields"]), "status": "on_roadmap"}
        with self.client.get("/reports/export/petitions.xlsx", params=params, name="Excel export of a filtered list",
                             allow_redirects=False, catch_response=True) as response:
            if response.status_code not in (200, 302):  # 302: a large export is queued for the job process
                response.failure(f"export refused ({response.status_code})")


class Committee(Staff):
    weight = 1
    role = "committee"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="committee dashboard")

    @task(2)
    def transfers(self) -> None:
        self.client.get("/committee/transfers", name="transfer queue")

    @task(2)
    def overdue(self) -> None:
        self.client.get("/committee/overdue", name="overdue board")

    @task(1)
    def reviews(self) -> None:
        self.client.get("/committee/reviews", name="answers to review")

    @task(3)
    def item(self) -> None:
        self.item_page()

    @task(1)
    def by_agency(self) -> None:
        self.client.get("/petitions", params={"agency": random.choice(PLAN["agencies"])},
                        name="list filtered by agency")


class Agency(Staff):
    weight = 2
    role = "agency"

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="agency dashboard")

    @task(4)
    def inbox(self) -> None:
        self.client.get("/agency/inbox", name="agency inbox")

    @task(4)
    def item(self) -> None:
        self.item_page()

    @task(1)
    def own_list(self) -> None:
        self.client.get("/petitions", name="agency's petition list")
