import { z } from 'zod';
import { moduleVariables } from '../../modules/common/module-variables';
import { withTerraformCheck } from '../../modules/common/terraform-checks';

const evenNumber = withTerraformCheck(
  z.number().refine((value) => value % 2 === 0),
  {
    condition: (reference) => `${reference} % 2 == 0`,
    mustBe: 'must be even',
  },
);

const schema = z.strictObject({
  dryRun: z.boolean().optional().describe('Report only.'),
  pairSize: evenNumber.optional().describe('Items per pair.'),
  colour: z.enum(['red', 'blue']).optional().describe('Colour of the thing.'),
  label: z.string().optional().describe('Free text.'),
  names: z.array(z.string()).optional().describe('Names to skip.'),
  undocumented: z.string().optional(),
});
const defaults = { dryRun: false, pairSize: 2, colour: 'red', label: 'x', names: [] as string[], undocumented: 'y' };

describe('moduleVariables (exported-module variables built from a settings schema)', () => {
  it('takes type, description and default from the schema and the defaults, and the check from the schema part', () => {
    expect(moduleVariables(schema, defaults, ['dryRun', 'pairSize', 'colour', { setting: 'label', name: 'the_label' }])).toEqual([
      { name: 'dry_run', setting: 'dryRun', type: 'bool', default: false, description: 'Report only.' },
      {
        name: 'pair_size',
        setting: 'pairSize',
        type: 'number',
        default: 2,
        description: 'Items per pair.',
        validation: { condition: 'var.pair_size % 2 == 0', errorMessage: 'pair_size must be even.' },
      },
      {
        name: 'colour',
        setting: 'colour',
        type: 'string',
        default: 'red',
        description: 'Colour of the thing.',
        validation: { condition: 'contains(["red","blue"], var.colour)', errorMessage: 'colour must be one of red, blue.' },
      },
      { name: 'the_label', setting: 'label', type: 'string', default: 'x', description: 'Free text.' },
    ]);
  });

  it('leaves the check out of an unchecked variable', () => {
    expect(moduleVariables(schema, defaults, [{ setting: 'pairSize', unchecked: true }])[0].validation).toBeUndefined();
  });

  it('takes a list as a string with its own default and check, the form said after the description', () => {
    const [variable] = moduleVariables(schema, defaults, [
      {
        setting: 'names',
        asString: { default: '', form: 'Comma-separated.', check: { condition: (reference) => `length(${reference}) < 100`, mustBe: 'must be short' } },
      },
    ]);
    expect(variable).toEqual({
      name: 'names',
      setting: 'names',
      type: 'string',
      default: '',
      description: 'Names to skip. Comma-separated.',
      validation: { condition: 'length(var.names) < 100', errorMessage: 'names must be short.' },
    });
  });

  it('refuses a setting without a description, and a list without its string form, naming the setting', () => {
    expect(() => moduleVariables(schema, defaults, ['undocumented'])).toThrow('undocumented: describe the setting in its schema');
    expect(() => moduleVariables(schema, defaults, ['names'])).toThrow(
      'names: a module variable is a string, number or bool; give this array setting its string form (asString)',
    );
  });
});
