#!/usr/bin/env python3
"""Bulk SQL seeder for the list benchmarks (bench/run.sh step 1).

Writes N asset records and a folder tree straight into an Asset Store SQLite database
(store.db) in ONE transaction with executemany. The server must be stopped while this runs;
the schema must already exist (a first start of the server creates it with Flyway).

Tree: <root> / t00..t09 / m00..m09 / l00..l09  -> 10 + 100 + 1,000 folders (+ the root),
N records spread evenly over the 1,000 leaf folders.

Every record points at ONE existing blob (the template asset's blob_key, sha256, crc32): the
records exist to be listed, filtered and sorted, not downloaded. Their `size` column is
varied (so size filters and sorts mean something) and therefore does NOT match the shared
blob's length: downloading a seeded record is not meaningful.

Varied on purpose: names (random prefixes, so name order is unrelated to insertion order),
content types (5 kinds, with a matching extension), sizes (log-uniform 100 B .. 200 MB),
created/updated (uniform over two years), tags (0-2 of 20, also in asset_tags),
description (1 in 10).

Usage: seed_list.py DB_PATH TEMPLATE_ASSET_ID ROOT_FOLDER_NAME COUNT
Prints one JSON line: {"root_folder_id":..., "folders":..., "assets":..., "seconds":...}
"""
import json
import os
import random
import sqlite3
import sys
import time

TYPES = [
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("application/pdf", "pdf"),
    ("text/plain", "txt"),
    ("video/mp4", "mp4"),
]
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee "
         "zulu report invoice logo banner photo scan draft final summary").split()
TAGS = ["tag%02d" % i for i in range(20)]
US = 1_000_000


def uuid7(ms, rnd):
    """A UUIDv7 string for the given epoch milliseconds (the server's ids are v7 too)."""
    a = rnd.getrandbits(12)
    b = rnd.getrandbits(62)
    v = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | a << 64 | 0b10 << 62 | b
    h = "%032x" % v
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def main():
    db_path, template_id, root_name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rnd = random.Random(42)
    t0 = time.time()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache for the index builds
    row = con.execute(
        "select sha256, crc32, blob_key, created_by_type, created_by_id from assets where id=?",
        (template_id,)).fetchone()
    if row is None:
        sys.exit("template asset %s not found" % template_id)
    sha, crc, blob_key, by_type, by_id = row

    now_us = int(time.time() * US)
    two_years_us = 2 * 365 * 86400 * US
    con.execute("BEGIN")

    # Folder tree.
    folders = []
    root_id = uuid7(now_us // 1000, rnd)
    folders.append((root_id, root_name, None, "/" + root_name, 1, now_us, now_us, by_type, by_id))
    leaves = []
    for t in range(10):
        tid = uuid7(now_us // 1000, rnd)
        tpath = "/%s/t%02d" % (root_name, t)
        folders.append((tid, "t%02d" % t, root_id, tpath, 2, now_us, now_us, by_type, by_id))
        for m in range(10):
            mid = uuid7(now_us // 1000, rnd)
            mpath = "%s/m%02d" % (tpath, m)
            folders.append((mid, "m%02d" % m, tid, mpath, 3, now_us, now_us, by_type, by_id))
            for leaf in range(10):
                lid = uuid7(now_us // 1000, rnd)
                folders.append((lid, "l%02d" % leaf, mid, "%s/l%02d" % (mpath, leaf), 4,
                                now_us, now_us, by_type, by_id))
                leaves.append(lid)
    con.executemany(
        "insert into folders (id, name, parent_id, path, depth, created, updated,"
        " created_by_type, created_by_id) values (?,?,?,?,?,?,?,?,?)", folders)

    def asset_rows():
        for i in range(count):
            ctype, ext = TYPES[rnd.randrange(len(TYPES))]
            created = now_us - rnd.randrange(two_years_us)
            updated = created + rnd.randrange(86400 * US)
            name = "%s-%s-%07d.%s" % (rnd.choice(WORDS), "%06x" % rnd.getrandbits(24), i, ext)
            size = int(10 ** rnd.uniform(2, 8.3))
            ntags = rnd.randrange(3)
            tags = sorted(rnd.sample(TAGS, ntags))
            desc = ("%s %s" % (rnd.choice(WORDS), rnd.choice(WORDS))) if rnd.randrange(10) == 0 else None
            aid = uuid7(created // 1000, rnd)
            for tag in tags:
                tag_rows.append((aid, tag))
            yield (aid, name, leaves[i % len(leaves)], ctype, size, sha, crc, blob_key, desc,
                   json.dumps(tags, separators=(",", ":")), "{}", created, updated, by_type, by_id)

    # Index builds after the bulk insert (sorted) are far faster than 1M random B-tree
    # inserts; the exact DDL the migration created is read back and re-run unchanged.
    indexes = con.execute(
        "select name, sql from sqlite_master where type='index' and sql is not null"
        " and tbl_name in ('assets','asset_tags')").fetchall()
    for name, _ in indexes:
        con.execute('drop index "%s"' % name)

    tag_rows = []
    con.executemany(
        "insert into assets (id, name, folder_id, content_type, size, sha256, crc32, blob_key,"
        " description, tags, metadata, created, updated, created_by_type, created_by_id)"
        " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", asset_rows())
    con.executemany("insert into asset_tags (asset_id, tag) values (?,?)", tag_rows)
    for _, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    print(json.dumps({"root_folder_id": root_id, "folders": len(folders), "assets": count,
                      "asset_tags": len(tag_rows), "indexes_rebuilt": len(indexes), "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
