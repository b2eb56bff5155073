"""Athena's SQL checked against answers computed without DuckDB.

Two sources of truth: sql_corpus/*.sql, Trino functions with the results Trino documents (written
by hand), and queries over generated tables whose answers this file computes in plain Python
from the same rows. Every query goes through boto3's Athena client, as a user's would.
"""
import csv
import io
import json
import math
import pathlib
import random
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta

from clients import AwsTestCase, client

CORPUS = pathlib.Path(__file__).parent / "sql_corpus"


def parse_corpus(text):
    """Cases of a corpus file: [sql, expected rows, expected error name or None, line, Basin's known refusal or None]."""
    cases, sql, line_no = [], [], 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("--") or (not line.strip() and not sql):
            continue
        if line.startswith("=> ") or line == "=>":
            cases[-1][1].append([None if v == "NULL" else v for v in line[3:].split(" | ")])
        elif line.startswith("!! "):
            cases[-1][2] = line[3:].strip()
        elif line.startswith("~~ "):
            cases[-1][4] = line[3:].strip()
        elif line.strip():
            if not sql:
                line_no = number
            sql.append(line)
            if line.rstrip().endswith(";"):
                cases.append([" ".join(sql).rstrip()[:-1], [], None, line_no, None])
                sql = []
    return cases


def same_value(actual, expected):
    if actual == expected:
        return True
    try:
        a, e = float(actual), float(expected)
    except (TypeError, ValueError):
        return False
    return math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-9)


class SqlCorpusTests(AwsTestCase):
    @classmethod
    def setUpClass(cls):
        cls.athena = client("athena")
        cls.s3 = client("s3")
        cls.bucket = "corpus-" + uuid.uuid4().hex[:10]
        cls.db = "corpus_" + uuid.uuid4().hex[:8]
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.orders, cls.customers = generated_tables()
        cls.s3.put_object(Bucket=cls.bucket, Key="orders/part-0.csv", Body=orders_csv(cls.orders[:250]))
        cls.s3.put_object(Bucket=cls.bucket, Key="orders/part-1.csv", Body=orders_csv(cls.orders[250:]))
        body = "\n".join(json.dumps({"customer": c, "segment": s, "since": str(d)}) for c, s, d in cls.customers)
        cls.s3.put_object(Bucket=cls.bucket, Key="customers/customers.json", Body=body.encode())
        for sql in [
            f"CREATE DATABASE {cls.db}",
            f"CREATE EXTERNAL TABLE {cls.db}.orders (id int, customer string, region string, status string, qty int, "
            f"amount double, day date) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://{cls.bucket}/orders/'",
            f"CREATE EXTERNAL TABLE {cls.db}.customers (customer string, segment string, since date) "
            f"ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://{cls.bucket}/customers/'",
        ]:
            execution = cls.wait(cls.start(sql))
            assert execution["Status"]["State"] == "SUCCEEDED", execution["Status"]

    @classmethod
    def start(cls, sql):
        return cls.athena.start_query_execution(
            QueryString=sql, QueryExecutionContext={"Database": getattr(cls, "db", "default")},
            ResultConfiguration={"OutputLocation": f"s3://{cls.bucket}/results/"})["QueryExecutionId"]

    @classmethod
    def wait(cls, qid):
        deadline = time.time() + 60
        while time.time() < deadline:
            execution = cls.athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
            if execution["Status"]["State"] not in ("QUEUED", "RUNNING"):
                return execution
            time.sleep(0.01)
        raise AssertionError(f"query {qid} did not finish")

    def results(self, qid):
        rows, token = [], None
        while True:
            page = self.athena.get_query_results(QueryExecutionId=qid, **({"NextToken": token} if token else {}))
            rows += [[d.get("VarCharValue") for d in r["Data"]] for r in page["ResultSet"]["Rows"]]
            token = page.get("NextToken")
            if not token:
                return rows[1:]

    def check(self, label, sql, expected, error=None, ordered=True):
        """Runs one started query and compares it with the expected rows (or error name)."""
        execution = self.wait(sql)
        state, reason = execution["Status"]["State"], execution["Status"].get("StateChangeReason", "")
        query = execution["Query"]
        if error:
            self.assertEqual("FAILED", state, f"{label}: expected {error}: {query}")
            self.assertTrue(reason.startswith(error), f"{label}: expected {error}, got {reason}: {query}")
            return
        self.assertEqual("SUCCEEDED", state, f"{label}: {reason}: {query}")
        actual = self.results(execution["QueryExecutionId"])
        expected = [[None if v is None else str(v) for v in row] for row in expected]
        if not ordered:
            actual, expected = sorted(actual, key=repr), sorted(expected, key=repr)
        ok = len(actual) == len(expected) and all(
            len(a) == len(e) and all(same_value(x, y) for x, y in zip(a, e)) for a, e in zip(actual, expected))
        self.assertTrue(ok, f"{label}: {query}\n expected {expected}\n   actual {actual}")

    def test_trino_functions_give_the_documented_results(self):
        for path in sorted(CORPUS.glob("*.sql")):
            cases = parse_corpus(path.read_text())
            self.assertGreater(len(cases), 40)
            started = [(case, self.start(case[0])) for case in cases]
            for (sql, rows, error, line, refused), qid in started:
                with self.subTest(case=f"{path.name}:{line}"):
                    # A known gap must fail clearly with its error, never answer differently from Trino.
                    self.check(f"{path.name}:{line}", qid, rows, refused or error)

    def test_queries_over_generated_tables_match_python(self):
        orders, customers = self.orders, self.customers
        segment = {c: s for c, s, _ in customers}
        cases = []

        def case(sql, expected, ordered=True):
            cases.append((sql, expected, ordered))

        by_region = defaultdict(list)
        for o in orders:
            by_region[o["region"]].append(o)
        case("SELECT region, count(*), sum(qty), min(amount), max(amount), count(amount) FROM orders GROUP BY region ORDER BY region",
             [[r, len(os), sum(o["qty"] for o in os), fmt(min(a for a in amounts(os))), fmt(max(a for a in amounts(os))), len(amounts(os))]
              for r, os in sorted(by_region.items())])
        case("SELECT region, sum(qty) / count(*), avg(qty) FROM orders GROUP BY region ORDER BY region",
             [[r, int(sum(o["qty"] for o in os) / len(os)), fmt(sum(o["qty"] for o in os) / len(os))] for r, os in sorted(by_region.items())])
        case("SELECT count(*) FROM orders WHERE amount BETWEEN 100 AND 200 AND status IN ('shipped', 'returned') AND customer LIKE 'c1%'",
             [[sum(1 for o in orders if o["amount"] is not None and 100 <= o["amount"] <= 200
                   and o["status"] in ("shipped", "returned") and o["customer"].startswith("c1"))]])
        joined = defaultdict(lambda: [0, 0.0])
        for o in orders:
            if o["customer"] in segment and o["amount"] is not None:
                joined[segment[o["customer"]]][0] += 1
                joined[segment[o["customer"]]][1] += o["amount"]
        case("SELECT c.segment, count(*), sum(o.amount) FROM orders o JOIN customers c ON o.customer = c.customer "
             "WHERE o.amount IS NOT NULL GROUP BY c.segment ORDER BY c.segment",
             [[s, n, fmt(total)] for s, (n, total) in sorted(joined.items())])
        case("SELECT count(*) FROM orders o LEFT JOIN customers c ON o.customer = c.customer WHERE c.segment IS NULL",
             [[sum(1 for o in orders if o["customer"] not in segment)]])
        case("SELECT count(DISTINCT customer), count(DISTINCT region), count(DISTINCT status) FROM orders",
             [[len({o["customer"] for o in orders}), len(by_region), len({o["status"] for o in orders})]])

        # Running total per customer, by day then id, for the customers with the most orders.
        top = sorted({o["customer"] for o in orders}, key=lambda c: (-sum(1 for o in orders if o["customer"] == c), c))[:3]
        running = []
        for c in sorted(top):
            total = 0
            for o in sorted((o for o in orders if o["customer"] == c), key=lambda o: (o["day"], o["id"])):
                total += o["qty"]
                running.append([c, o["id"], total])
        top_list = ", ".join(f"'{c}'" for c in top)
        case(f"SELECT customer, id, sum(qty) OVER (PARTITION BY customer ORDER BY day, id ROWS UNBOUNDED PRECEDING) "
             f"FROM orders WHERE customer IN ({top_list}) ORDER BY customer, day, id", running)

        ranked = []
        for r, os in sorted(by_region.items()):
            best = sorted((o for o in os if o["amount"] is not None), key=lambda o: (-o["amount"], o["id"]))[:3]
            ranked += [[r, o["id"], i + 1] for i, o in enumerate(best)]
        case("SELECT region, id, rn FROM (SELECT region, id, row_number() OVER (PARTITION BY region ORDER BY amount DESC, id) AS rn "
             "FROM orders WHERE amount IS NOT NULL) WHERE rn <= 3 ORDER BY region, rn", ranked)

        sets = [[r, None, len(os)] for r, os in by_region.items()]
        by_status = defaultdict(int)
        for o in orders:
            by_status[o["status"]] += 1
        sets += [[None, s, n] for s, n in by_status.items()] + [[None, None, len(orders)]]
        case("SELECT region, status, count(*) FROM orders GROUP BY GROUPING SETS ((region), (status), ())", sets, ordered=False)

        months = defaultdict(int)
        for o in orders:
            months[o["day"].replace(day=1)] += o["qty"]
        case("SELECT date_trunc('month', day) AS m, sum(qty) FROM orders GROUP BY 1 ORDER BY 1",
             [[str(m), q] for m, q in sorted(months.items())])
        case("SELECT region, count(*) FROM orders GROUP BY region HAVING count(*) > 60 ORDER BY count(*) DESC, region",
             [[r, len(os)] for r, os in sorted(by_region.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(os) > 60])
        case("SELECT id, coalesce(amount, -1), CASE WHEN qty >= 5 THEN 'big' ELSE 'small' END FROM orders WHERE id % 50 = 0 ORDER BY id",
             [[o["id"], fmt(o["amount"] if o["amount"] is not None else -1.0), "big" if o["qty"] >= 5 else "small"]
              for o in orders if o["id"] % 50 == 0])
        nulls_last = sorted((o for o in orders if o["region"] == "north"), key=lambda o: (o["amount"] is None, o["amount"] or 0, o["id"]))
        case("SELECT id FROM orders WHERE region = 'north' ORDER BY amount, id", [[o["id"]] for o in nulls_last])
        joined_since = sorted(o["id"] for o in orders if o["customer"] in segment
                              and (o["day"] - next(d for c, _, d in customers if c == o["customer"])).days > 300)
        case("SELECT o.id FROM orders o JOIN customers c ON o.customer = c.customer WHERE date_diff('day', c.since, o.day) > 300 ORDER BY o.id",
             [[i] for i in joined_since])
        case("SELECT customer FROM orders WHERE region = 'east' INTERSECT SELECT customer FROM orders WHERE region = 'west' ORDER BY 1",
             [[c] for c in sorted({o["customer"] for o in by_region["east"]} & {o["customer"] for o in by_region["west"]})])

        started = [(sql, expected, ordered, self.start(sql)) for sql, expected, ordered in cases]
        for i, (sql, expected, ordered, qid) in enumerate(started):
            with self.subTest(case=i, sql=sql):
                self.check(f"generated #{i}", qid, expected, ordered=ordered)


def generated_tables():
    """500 orders and 40 customers from a fixed seed; a tenth of the amounts are missing, some customers unknown."""
    rng = random.Random(20261121)
    regions, statuses = ["east", "north", "south", "west"], ["new", "shipped", "returned"]
    orders = []
    for i in range(1, 501):
        amount = None if rng.random() < 0.1 else round(rng.uniform(1, 400), 2)
        orders.append({"id": i, "customer": f"c{rng.randrange(1, 46)}", "region": rng.choice(regions), "status": rng.choice(statuses),
                       "qty": rng.randrange(1, 10), "amount": amount, "day": date(2024, 1, 1) + timedelta(days=rng.randrange(0, 366))})
    customers = [(f"c{i}", f"segment{i % 3}", date(2023, 1, 1) + timedelta(days=rng.randrange(0, 365))) for i in range(1, 41)]
    return orders, customers


def orders_csv(orders):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for o in orders:
        writer.writerow([o["id"], o["customer"], o["region"], o["status"], o["qty"], "\\N" if o["amount"] is None else o["amount"], o["day"]])
    return out.getvalue().encode()


def amounts(rows):
    return [o["amount"] for o in rows if o["amount"] is not None]


def fmt(value):
    """A double as Athena prints it (Java's Double.toString for the magnitudes used here)."""
    return repr(float(value))
