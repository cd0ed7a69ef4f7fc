import { describe, expect, it } from 'vitest';
import type { components } from '../../api/schema';
import { canVerify, decisionFacts, reviewBlock } from './rules';

type Evidence = components['schemas']['EvidenceDto'];
type Incident = components['schemas']['IncidentDto'];

const evidence = (
  id: string,
  status: Evidence['status'],
  sourceId: string | null,
  createdBy = 'monitor',
): Evidence => ({ id, status, sourceId, createdBy, kind: 'image', description: id }) as Evidence;
const source = (id: string, group: string) =>
  ({
    view: 'redacted',
    confidential: true,
    id,
    kind: 'informant',
    pseudonym: `SRC-${id}`,
    reliability: 'B',
    credibility: 2,
    independenceGroup: group,
    version: 1,
  }) as const;
const incident = (status: Incident['status'], createdBy = 'monitor') =>
  ({ status, createdBy }) as Incident;

describe('reviewBlock', () => {
  const verifier = { id: 'verifier', roles: ['verifier'] };
  it('lets another verifier review a pending item while in verification', () => {
    expect(
      reviewBlock(verifier, incident('in_verification'), evidence('e', 'pending', null)),
    ).toBeNull();
  });
  it('says four eyes for the incident’s creator and for the item’s uploader', () => {
    const creator = { id: 'monitor', roles: ['verifier', 'monitor'] };
    expect(reviewBlock(creator, incident('in_verification'), evidence('e', 'pending', null))).toBe(
      'creator',
    );
    expect(
      reviewBlock(
        verifier,
        incident('in_verification'),
        evidence('e', 'pending', null, 'verifier'),
      ),
    ).toBe('uploader');
  });
  it('names the wrong state, a decided item and a missing role', () => {
    expect(reviewBlock(verifier, incident('intake'), evidence('e', 'pending', null))).toBe('state');
    expect(
      reviewBlock(verifier, incident('in_verification'), evidence('e', 'approved', null)),
    ).toBe('status');
    expect(
      reviewBlock(
        { id: 'w', roles: ['writer'] },
        incident('in_verification'),
        evidence('e', 'pending', null),
      ),
    ).toBe('role');
  });
});

describe('decisionFacts and canVerify', () => {
  const sources = [source('a', 'g1'), source('b', 'g1'), source('c', 'g2')];
  it('groups approved evidence by its source’s independence group, and only approved', () => {
    const facts = decisionFacts(
      [
        evidence('1', 'approved', 'a'),
        evidence('2', 'approved', 'b'),
        evidence('3', 'rejected', 'c'),
        evidence('4', 'approved', null),
        evidence('5', 'withdrawn', 'c'),
      ],
      sources,
    );
    expect(
      facts.groups.map((group) => [
        group.group,
        group.evidence.map((item) => item.id),
        group.sources.map((s) => s.id),
      ]),
    ).toEqual([['g1', ['1', '2'], ['a', 'b']]]);
    expect(facts.unsourced.map((item) => item.id)).toEqual(['4']);
    expect(facts.approved).toBe(3);
    expect(facts.pending).toBe(0);
  });
  it('allows "confirmed" only with two groups, and nothing while an item is pending', () => {
    const one = decisionFacts([evidence('1', 'approved', 'a')], sources);
    expect(canVerify(one, 'likely')).toBe(true);
    expect(canVerify(one, 'confirmed')).toBe(false);
    expect(canVerify(one, null)).toBe(false);
    const two = decisionFacts(
      [evidence('1', 'approved', 'a'), evidence('2', 'approved', 'c')],
      sources,
    );
    expect(canVerify(two, 'confirmed')).toBe(true);
    const pending = decisionFacts(
      [
        evidence('1', 'approved', 'a'),
        evidence('2', 'approved', 'c'),
        evidence('3', 'pending', 'c'),
      ],
      sources,
    );
    expect(canVerify(pending, 'possible')).toBe(false);
    expect(canVerify(decisionFacts([], sources), 'possible')).toBe(false);
  });
});
