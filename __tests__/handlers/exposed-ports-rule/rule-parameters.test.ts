import { InvalidRuleParametersError } from '../../../handlers/config-rule/config-rule-errors';
import { parseForbiddenPortsPolicy } from '../../../handlers/exposed-ports-rule/contract';

describe('parseForbiddenPortsPolicy', () => {
  it('reads the classic form of the awslabs samples and managed rules', () => {
    expect(parseForbiddenPortsPolicy({ examplePort1: '8080', exampleRange1: '1-1024', blockedPort1: '3389' })).toEqual({
      forbidden: [
        { from: 8080, to: 8080 },
        { from: 1, to: 1024 },
        { from: 3389, to: 3389 },
      ],
      exceptions: [],
    });
  });

  it('reads a plain list as comma-separated text or as a JSON array of numbers and texts', () => {
    const expected = [
      { from: 22, to: 22 },
      { from: 3389, to: 3389 },
      { from: 6000, to: 6063 },
    ];
    expect(parseForbiddenPortsPolicy({ forbiddenPorts: '22, 3389,6000-6063' }).forbidden).toEqual(expected);
    expect(parseForbiddenPortsPolicy({ forbiddenPorts: [22, '3389', '6000-6063'] }).forbidden).toEqual(expected);
    expect(parseForbiddenPortsPolicy({ forbiddenPorts: 22 }).forbidden).toEqual([{ from: 22, to: 22 }]);
  });

  it('reads exceptions as group:port pairs, as text or a JSON array', () => {
    const fromText = parseForbiddenPortsPolicy({ forbiddenPorts: '22', allowedExceptions: 'sg-0123456789abcdef0:22, sg-1a2b3c4d:1000-2000' });
    const fromArray = parseForbiddenPortsPolicy({ forbiddenPorts: '22', allowedExceptions: ['sg-0123456789abcdef0:22', 'sg-1a2b3c4d:1000-2000'] });
    const expected = [
      { groupId: 'sg-0123456789abcdef0', range: { from: 22, to: 22 } },
      { groupId: 'sg-1a2b3c4d', range: { from: 1000, to: 2000 } },
    ];
    expect(fromText.exceptions).toEqual(expected);
    expect(fromArray.exceptions).toEqual(expected);
  });

  it('names the key and the value of what it cannot read', () => {
    expect(() => parseForbiddenPortsPolicy({ forbiddenPorts: '22,ssh' })).toThrow(
      new InvalidRuleParametersError('rule parameter forbiddenPorts: "ssh" is not a port (0-65535) or a range such as 1000-2000'),
    );
    expect(() => parseForbiddenPortsPolicy({ examplePort1: '70000' })).toThrow(/rule parameter examplePort1: "70000"/);
    expect(() => parseForbiddenPortsPolicy({ forbiddenPorts: '22', allowedExceptions: 'web:22' })).toThrow(
      /allowedExceptions: "web:22" is not <security group id>:<port or range>/,
    );
    // The sample events' own parameters belong to other rules.
    expect(() => parseForbiddenPortsPolicy({ desiredInstanceType: 't2.micro' })).toThrow(/rule parameter desiredInstanceType is unknown/);
    expect(() => parseForbiddenPortsPolicy({})).toThrow(/name no forbidden port/);
    expect(() => parseForbiddenPortsPolicy({ forbiddenPorts: '' })).toThrow(InvalidRuleParametersError);
  });
});
