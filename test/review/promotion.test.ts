import { ENVIRONMENT_NAMES } from '../../environments/index';
import type { PlatformInput } from '../../environments/load';
import { planPromotion, versionsFileText } from '../../review/promotion';
import { configErrorOf } from '../helpers/input';

/** The first three environments of the promotion order (the plan reads nothing else of the input). */
const [dev, staging, prod] = ENVIRONMENT_NAMES;
const input = {
  catalog: [{ name: 'web' }, { name: 'api' }],
  versions: { [dev]: { web: '2.0.0', api: '1.1.0' }, [staging]: { web: '1.0.0', api: '1.1.0' }, [prod]: { api: '1.0.0', web: '1.0.0' } },
} as unknown as PlatformInput;


describe('promotion plan', () => {
  test('one service to the next environment: only its tag moves, key order kept', () => {
    const plan = planPromotion({ services: ['web'], from: dev, to: staging }, input);
    expect(plan.changes).toEqual([{ service: 'web', before: '1.0.0', after: '2.0.0' }]);
    expect(versionsFileText(plan.versions)).toBe('{\n  "web": "2.0.0",\n  "api": "1.1.0"\n}\n');
  });

  test('--all moves every differing tag; equal tags are no change', () => {
    expect(planPromotion({ services: 'all', from: staging, to: prod }, input).changes).toEqual([{ service: 'api', before: '1.0.0', after: '1.1.0' }]);
    expect(planPromotion({ services: ['api'], from: dev, to: staging }, input).changes).toEqual([]);
  });

  test('refuses unknown names, skipping or going backwards without --force', () => {
    expect(configErrorOf(() => planPromotion({ services: ['cart'], from: dev, to: staging }, input))).toMatch(/unknown service "cart".*use one of web, api/);
    expect(configErrorOf(() => planPromotion({ services: ['web'], from: 'no-such-env', to: staging }, input))).toMatch(/field "--from": unknown environment "no-such-env"/);
    expect(configErrorOf(() => planPromotion({ services: ['web'], from: dev, to: prod }, input))).toMatch(`${dev} -> ${prod} skips ${staging}`);
    expect(configErrorOf(() => planPromotion({ services: ['web'], from: staging, to: dev }, input))).toMatch(/goes backwards/);
    expect(configErrorOf(() => planPromotion({ services: ['web'], from: dev, to: dev }, input))).toMatch(`both "${dev}"`);
    expect(planPromotion({ services: ['web'], from: dev, to: prod, force: true }, input).changes).toEqual([{ service: 'web', before: '1.0.0', after: '2.0.0' }]);
  });
});
