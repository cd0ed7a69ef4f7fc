import { defaultModel, Model } from '@alephdata/followthemoney';
import { ExportActor } from './export-query';
import { FTM_SCHEMA_OF, FtmEntity, ftmEntities } from './ftm';

const model = new Model(defaultModel);
const COUNTRIES = Object.keys(defaultModel.types.country.values ?? {});
const TOPICS = Object.keys(defaultModel.types.topic.values ?? {});

/**
 * What the FtM tools would refuse or drop: an unknown schema or property, a property of the
 * wrong schema, a country that is not a lower-case code of the model, a date that is not ISO
 * 8601, an entity reference to a schema outside the property's range.
 */
function problemsOf(entity: FtmEntity, all: FtmEntity[]): string[] {
  const problems: string[] = [];
  const schema = model.getSchema(entity.schema);
  if (!schema) return [`unknown schema ${entity.schema}`];
  if (schema.abstract) problems.push(`${entity.schema} is abstract`);
  for (const [name, values] of Object.entries(entity.properties)) {
    if (!schema.hasProperty(name)) {
      problems.push(`${entity.schema} has no property ${name}`);
      continue;
    }
    const property = schema.getProperty(name);
    for (const value of values ?? []) {
      if (typeof value !== 'string' || value === '') problems.push(`${name}: empty value`);
      switch (property.type.name) {
        case 'country':
          if (!COUNTRIES.includes(value)) problems.push(`${name}: ${value} is not a country`);
          break;
        case 'date':
          if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) problems.push(`${name}: ${value}`);
          break;
        case 'topic':
          if (!TOPICS.includes(value)) problems.push(`${name}: ${value} is not a topic`);
          break;
        case 'entity': {
          const target = all.find((other) => other.id === value);
          if (!target) problems.push(`${name}: ${value} is not in the export`);
          else if (!model.getSchema(target.schema).isA(property.getRange())) {
            problems.push(`${name}: ${target.schema} is not a ${property.getRange().name}`);
          }
          break;
        }
      }
    }
  }
  return problems;
}

const KOMID = {
  reference: 'KPe.001',
  name: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
  listType: 'DPRK',
  listedOn: '2009-04-24',
  removed: false,
  comments: 'Primary arms dealer and main exporter of goods and equipment.',
};

const actors: ExportActor[] = [
  {
    id: '0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a01',
    name: 'Korea Mining Development Trading Corporation',
    type: 'company',
    role: 'seller',
    nationality: 'KP',
    designationRef: 'UN:KPe.001',
    designation: KOMID,
  },
  {
    id: '0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a02',
    name: 'Kim Chol',
    type: 'person',
    role: 'facilitator',
    nationality: 'KP',
    birthYear: 1968,
  },
  {
    id: '0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a03',
    name: 'Sample Tanker One',
    type: 'vessel',
    imoNumber: '9074729',
    nationality: 'SL',
    designationRef: 'UN:TEST-V1',
    designation: {
      reference: 'TEST-V1',
      name: 'SAMPLE TANKER ONE',
      listType: 'DPRK',
      listedOn: null,
      removed: true,
      comments: null,
    },
  },
  { id: '0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a04', name: 'Musan Mine', type: 'organization' },
  {
    id: '0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a05',
    name: 'Russian Federation',
    type: 'state',
    role: 'receiving state',
    nationality: 'RU',
  },
];

describe('FollowTheMoney entities of an incident', () => {
  const entities = ftmEntities({ reference: 'INC-2025-0007', actors });

  it('maps every actor type to a concrete schema of the model', () => {
    for (const schema of Object.values(FTM_SCHEMA_OF)) {
      expect(model.getSchema(schema).abstract).toBe(false);
      expect(model.getSchema(schema).isA('Thing')).toBe(true);
    }
    expect(model.getSchema('Sanction').abstract).toBe(false);
  });

  it('writes only schemas, properties and values the model accepts', () => {
    expect(entities.flatMap((entity) => problemsOf(entity, entities))).toEqual([]);
  });

  it('finds the fixture wrong where it is wrong (the check is not vacuous)', () => {
    const bad: FtmEntity[] = [
      { id: 'a', schema: 'Person', properties: { imoNumber: ['IMO9074729'], country: ['KP'] } },
      {
        id: 'b',
        schema: 'Sanction',
        properties: { entity: ['missing'], listingDate: ['24.4.2009'] },
      },
    ];
    expect(bad.flatMap((entity) => problemsOf(entity, bad))).toEqual([
      'Person has no property imoNumber',
      'country: KP is not a country',
      'entity: missing is not in the export',
      'listingDate: 24.4.2009',
    ]);
  });

  it('gives each actor its entity, followed by the Sanction of its confirmed designation', () => {
    expect(entities.map((entity) => [entity.id, entity.schema])).toEqual([
      ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a01', 'Company'],
      ['st-sanction-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a01-KPe.001', 'Sanction'],
      ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a02', 'Person'],
      ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a03', 'Vessel'],
      ['st-sanction-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a03-TEST-V1', 'Sanction'],
      ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a04', 'Organization'],
      ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a05', 'PublicBody'],
    ]);
  });

  it('says who the actor is, and in which incident and role it was named', () => {
    const [company, sanction, person, vessel, vesselSanction, organization, state] = entities;
    expect(company.properties).toEqual({
      name: ['Korea Mining Development Trading Corporation'],
      country: ['kp'],
      notes: ['Role: seller', 'Named in incident INC-2025-0007'],
      topics: ['sanction'],
    });
    expect(person.properties).toEqual({
      name: ['Kim Chol'],
      nationality: ['kp'],
      birthDate: ['1968'],
      notes: ['Role: facilitator', 'Named in incident INC-2025-0007'],
    });
    // A designation since removed is still recorded, but the ship is no longer flagged as sanctioned.
    expect(vessel.properties).toEqual({
      name: ['Sample Tanker One'],
      flag: ['sl'],
      imoNumber: ['IMO9074729'],
      notes: ['Named in incident INC-2025-0007'],
    });
    expect(organization.properties).toEqual({
      name: ['Musan Mine'],
      notes: ['Named in incident INC-2025-0007'],
    });
    expect(state.properties).toMatchObject({ name: ['Russian Federation'], country: ['ru'] });
    expect(sanction.properties).toEqual({
      entity: ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a01'],
      authority: ['United Nations Security Council'],
      program: ['DPRK'],
      unscId: ['KPe.001'],
      listingDate: ['2009-04-24'],
      reason: ['Primary arms dealer and main exporter of goods and equipment.'],
      status: ['In force'],
    });
    expect(vesselSanction.properties).toEqual({
      entity: ['st-actor-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a03'],
      authority: ['United Nations Security Council'],
      program: ['DPRK'],
      unscId: ['TEST-V1'],
      status: ['Removed from the list'],
    });
  });

  it('reads a designationRef without a confirmed designation as no sanction', () => {
    const typed = ftmEntities({
      reference: 'INC-2025-0008',
      actors: [{ id: 'a1', name: 'Typed In', type: 'company', designationRef: 'UN:KPe.001' }],
    });
    expect(typed).toEqual([
      {
        id: 'st-actor-a1',
        schema: 'Company',
        properties: { name: ['Typed In'], notes: ['Named in incident INC-2025-0008'] },
      },
    ]);
  });

  it('keeps ids stable and free of characters an id should not carry', () => {
    const again = ftmEntities({ reference: 'INC-2025-0007', actors });
    expect(again.map((entity) => entity.id)).toEqual(entities.map((entity) => entity.id));
    const odd = ftmEntities({
      reference: 'INC-1',
      actors: [{ ...actors[0], designation: { ...KOMID, reference: 'KP e/01' } }],
    });
    expect(odd[1].id).toBe('st-sanction-0b7c7d0e-1a52-4c1e-9a3e-6c1f0d2b9a01-KP-e-01');
  });

  it('has no incident with no actors yield an entity', () => {
    expect(ftmEntities({ reference: 'INC-1', actors: [] })).toEqual([]);
  });
});
