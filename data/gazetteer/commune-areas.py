#!/usr/bin/env python3
"""Writes commune-areas.csv: each current commune's (and arrondissement's) area in km², the
rough size the widget gives a venue known only by its commune's centre (its radius is that of a
disk of the same area).

Inputs (see SOURCE-gazetteer.md):
- ../shared/data/gazetteer-derived/centroids_ign_adminexpress2018.csv: each 2018 commune's
  planar area in degrees² (IGN Admin Express COG 2018, Licence Ouverte);
- communes_gazetteer_2026.csv (this folder): the current communes, their delegated and associated
  communes, and the arrondissements of Paris, Lyon and Marseille;
- ../shared/data/decoupage-administratif/communes.json: the former codes of each commune nouvelle.

A current commune's area is the sum over the 2018 communes it is made of (its own code, its
delegated and associated communes, its former codes). An arrondissement gets its city's area
shared equally among the city's arrondissements (no 2018 polygon of its own). Areas are in km²:
degrees² × 111.32² × cos(latitude), one decimal, at least 0.1.

Usage: python3 data/gazetteer/commune-areas.py ../shared/data > data/gazetteer/commune-areas.csv
"""
import csv
import json
import math
import sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else '../shared/data')
here = Path(__file__).parent
ign = {r['code_insee_2018']: r for r in csv.DictReader(open(shared / 'gazetteer-derived/centroids_ign_adminexpress2018.csv', encoding='utf-8'))}
rows = list(csv.DictReader(open(here / 'communes_gazetteer_2026.csv', encoding='utf-8')))
former = {c['code']: c.get('anciensCodes', []) for c in json.load(open(shared / 'decoupage-administratif/communes.json', encoding='utf-8'))
          if c.get('type') == 'commune-actuelle'}


def km2(r):
    return float(r['area_deg2']) * 111.32 ** 2 * math.cos(math.radians(float(r['lat'])))


children = {}
arrondissements = {}
for r in rows:
    if r['type'] in ('COMD', 'COMA') and r['parent_code']:
        children.setdefault(r['parent_code'], set()).add(r['code_insee'])
    if r['type'] == 'ARM':
        arrondissements.setdefault(r['parent_code'], []).append(r['code_insee'])

areas = {}
for r in rows:
    if r['type'] != 'COM':
        continue
    code = r['code_insee']
    parts = {code} | children.get(code, set()) | set(former.get(code, []))
    area = sum(km2(ign[c]) for c in parts if c in ign)
    if area > 0:
        areas[code] = area
for city, codes in arrondissements.items():
    if city in areas:
        for c in codes:
            areas[c] = areas[city] / len(codes)

out = csv.writer(sys.stdout, lineterminator='\n')
out.writerow(['code_insee', 'area_km2'])
for code in sorted(areas):
    out.writerow([code, f'{max(areas[code], 0.1):.1f}'])
