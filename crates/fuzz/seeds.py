#!/usr/bin/env python3
"""Writes the starting inputs of each fuzz target into corpus/<target>/seed-*.

Run from anywhere; needs ../shared beside the repository (taxonomy names) and the seed
status file data/seed.csv. Inputs a fuzzing run adds (bench/fuzz.sh --keep) sit beside
these and are not rewritten."""
import json, os, pathlib, shutil, subprocess, sys

here = pathlib.Path(__file__).resolve().parent
repo = here.parent.parent
corpus = here / "corpus"
seed_csv = (here / "data" / "seed.csv").read_text(encoding="utf-8")


def put(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / f"seed-{name}").write_bytes(data)


lines = seed_csv.splitlines(keepends=True)
header, rows = lines[0], lines[1:]

# Status files as CSV: the format as written, German Excel, BOM + CRLF, US dates, labels.
put("csv_import", "interchange.csv", header + "".join(rows[:12]))
de_header = header.replace(",", ";")
put("csv_import", "german.csv",
    de_header
    + "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3;Gowoo S.A.;EXO;500;Blockiert;App-Kompatibilität;;200;31.03.2027;o@p.example;"
      "\"Blockiert: Fachanwendung nicht kompatibel; Zertifizierung in 6 Wochen\";Nachfassen;15.01.2027\n"
    + "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3;Gowoo S.A.;EXO;500;Unbekannter Status;Neues Abonnement oder neuer Arbeitsbereich;;300;;;"
      "Neues Abonnement, Kunde noch nicht erreicht;Termin;20.01.2027\n")
put("csv_import", "bom-crlf-us.csv",
    "\ufeff" + header.replace("\n", "\r\n")
    + "32b558fd-6577-4b54-aebc-b0aa5cc0ff06,\"Spinter Co.\r\nLtd\",teams,40,In Progress,,,40,3/31/2027,,"
      "\"Rolling out by themselves; pilot of 40 users done\",Check in,1/15/2027\r\n")
put("csv_import", "localised.csv",
    header
    + "aa6a9a4e-4b0e-4c1c-9d7e-1f2b3c4d5e6f,Nueva S.L.,SharePoint Online,10,Bloqueado,,,10,2027-05-01,,=HYPERLINK(\"x\"),,\n"
    + "aa6a9a4e-4b0e-4c1c-9d7e-1f2b3c4d5e6f,Nueva S.L.,intune,7,受阻,,,7,,,暂时,,\n")
put("csv_import", "errors.csv",
    header
    + "not-a-guid,,nothing,-3,maybe,?,?,x,31.02.2027,,,,\n"
    + ",,,,,,,,,,,,\n" * 3)
put("csv_import", "semicolon-quoted.csv", "tenant_id;service;l1;entitlements\n\"a;b\";\"teams\";\"blocked\";\"1\"\n")
fixture = repo / "crates/cli/tests/fixtures/libreoffice-status.csv"
shutil.copy(fixture, corpus / "csv_import" / "seed-libreoffice.csv")

# Workbooks: one written by LibreOffice, one written by entrack's export.
(corpus / "xlsx_import").mkdir(parents=True, exist_ok=True)
shutil.copy(repo / "crates/cli/tests/fixtures/libreoffice-status.xlsx",
            corpus / "xlsx_import" / "seed-libreoffice.xlsx")
entrack = os.environ.get("ENTRACK", str(repo / "target/debug/entrack"))
if os.path.exists(entrack):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "s.db")
        src = os.path.join(tmp, "s.csv")
        pathlib.Path(src).write_text(header + "".join(rows[:8]), encoding="utf-8")
        subprocess.run([entrack, "--db", db, "import", src, "--as", "seed", "--quiet"], check=True)
        out = os.path.join(tmp, "e.xlsx")
        subprocess.run([entrack, "--db", db, "export", out], check=True)
        shutil.copy(out, corpus / "xlsx_import" / "seed-export.xlsx")
else:
    print(f"{entrack} not built: no exported workbook seed", file=sys.stderr)

# Feeds.
feed_header = "tenant_id,tenant_name,service,total_entitlements\n"
put("feed", "feed.csv", feed_header + "".join(
    ",".join(r.split(",")[:4]) + "\n" for r in rows[:10] if r.count(",") >= 4 and '"' not in r))
put("feed", "german.csv", "tenant_id;tenant_name;service;total_entitlements\n"
    "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3;Gowoo S.A.;Exchange Online;12\n"
    "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3;Gowoo S.A.;SPO;0\n")

# Labels in every language the taxonomy gives, codes, aliases.
tax = json.loads((repo.parent / "shared/spec/taxonomy.json").read_text(encoding="utf-8"))
names = []
for l1 in tax:
    names += [l1["code"], *l1["names"].values()]
    for l2 in l1["l2"]:
        names += [l2["code"], *l2["names"].values()]
        for l3 in l2.get("l3", []):
            names += [l3["code"], *l3.get("names", {}).values()]
names += ["Bloqueado", "受阻", "Blockiert", "Sin intención", "EXO", "SPO", "OD4B", "MDATP", "AAD",
          "  in   PROGRESS ", "teams", "Microsoft Teams", "l1", "next_action_date"]
for i in range(0, len(names), 8):
    put("labels", f"{i // 8:03}", "\n".join(names[i:i + 8]))

put("dates", "mixed", "2027-03-31\n31.03.2027\n3/31/2027\n31/3/2027\n2027-02-30\n29.02.2028\n")
put("dates", "slashes", "12/1/2027\n1/12/2027\n13/1/2027\n")
put("dates", "serials", (46000.0).hex().encode() + b"\n" + bytes(8) + b"\x00\x00\x00\x00\x00\x6a\xe6\x40")

put("row_json", "full", json.dumps({
    "l1": "blocked", "l2": "app-compatibility", "l3": "other", "entitlements": 12,
    "target_date": "2027-03-31", "owner": "o@p.example",
    "note": "Blocked: the line-of-business app is not certified; vendor fix due in 6 weeks",
    "next_action": "Follow up", "next_action_date": "2027-01-15"}))
put("row_json", "names", json.dumps({"l1": "Sin intención", "l2": "Using competitive solution",
                                       "entitlements": "7", "note": "使用竞争产品"}))
put("row_json", "wrong", json.dumps({"l1": 3, "entitlements": -1, "colour": "red"}))

for i, t in enumerate(["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x",
                       "'''-x", "plain note", "", "'", "a,\"b\"\nc"]):
    put("export_escape", f"{i:02}", t)

for i, t in enumerate([
        "Customer is blocked on Teams rollout: the SBC is not certified, vendor fix expected Q2",
        "Kunde nutzt weiterhin Zoom, Vertrag läuft noch 18 Monate",
        "El cliente no tiene intención por ahora",
        "客户暂时没有回复",
        "mtg sched w/ IT next wk",
        "no intent",
        "EXO mig blocked - waiting on SKU; AAD sync issue"]):
    put("suggest", f"{i:02}", t)

# HTTP: operation byte, then target part, If-Match, Idempotency-Key, Accept-Language, body.
def req(op, part="", if_match="", key="", lang="", body=""):
    return bytes([op]) + "\n".join([part, if_match, key, lang, body]).encode("utf-8")

tenant = "197a14e2-ac08-4ba5-b8f6-59ac44ce4ab3"
row = {"l1": "status-unknown", "l2": "new-subscription-or-workload", "entitlements": 23723,
       "note": "New subscription, customer not reached yet, 3 attempts"}
http = [
    req(0, "l1=blocked&service=teams&q=Gow&limit=2&cursor=abc"),
    req(0, "sort=name&l2=app-compatibility&owner=x&limit=9999999999999999999999"),
    req(1, "l1=blocked&service=exchange&lang=de"),
    req(2, tenant),
    req(3, "limit=3&before=9"),
    req(4, "", '"v1"', "k-1", "de", json.dumps({"rows": [row]})),
    req(4, "", "*", "", "zh-CN,zh;q=0.9", json.dumps({"total_entitlements": 100, "rows": [row]})),
    req(5, "teams", '"v2"', "", "", json.dumps({"total_entitlements": 5})),
    req(6, "dry_run=true&skip_invalid=1", "", "key-42", "es", header + rows[0]),
    req(7, "format=xlsx&lang=es&l1=no-intent"),
    req(8, "q=Sp&l1=blocked&overdue=1&page=2"),
    req(9, "owner=Account+Team"),
    req(10, "", "", "", "en", json.dumps({"note": "no intent for now", "service": "teams"})),
    req(11, "", "", "k", "", json.dumps({"tenant_id": tenant, "tenant_name": "X"})),
    req(12, "EXO"),
    req(13, "format=csv&service=teams"),
    req(14, "api/v1/taxonomy?lang=zh"),
    req(15, "", "", "", "de", json.dumps({"password": "not it"})),
    req(15, "confirm", "", "", "", json.dumps({"code": "123 456"})),
    req(15, "remove", "", "", "es", json.dumps({"password": "x", "code": "000000"})),
    req(16, "00000000000000ff"),
    req(14, "api/v1/sessions"),
]
for i, r in enumerate(http):
    put("http", f"{i:02}", r)
print("seeds written under", corpus)
