/** validateExpressions(): the load-time check of every expression in a descriptor. */
import { validateExpressions } from '../../../src/runtime/expressions/expressions.js';

describe('validateExpressions', () => {
  it('accepts a valid descriptor', () => {
    const communication = {
      url: '/{{parameters.senderId}}/messages',
      method: 'POST',
      headers: { '{{...}}': '{{parameters.headers}}' },
      body: {
        to: '{{parameters.to}}',
        '{{parameters.type}}': '{{get(parameters, parameters.type)}}',
        list: ['{{first(body.data).id}}', 'plain'],
      },
      response: { output: '{{body}}', valid: '{{statusCode < 400}}' },
    };
    expect(validateExpressions({ communication })).toEqual([]);
  });

  it('reports every problem with its JSON path', () => {
    const descriptor = {
      communication: {
        body: {
          to: '{{parameters.to',
          text: '{{parameters.__proto__.x}}',
          'x-key': '{{process.env}}',
          items: [{ v: '{{toCollection(parameters.qs)}}' }],
          '{{parameters.}}': 1,
        },
      },
    };
    expect(validateExpressions(descriptor)).toEqual([
      `communication.body.to: '{{' is never closed with '}}' at position 0 in expression "{{parameters.to"`,
      'communication.body.text: property "__proto__" is refused (it leads to an object prototype) at position 13 in expression "{{parameters.__proto__.x}}"',
      expect.stringMatching(/^communication\.body\["x-key"\]: unknown root 'process' .* at position 2/),
      `communication.body.items[0].v: unknown function 'toCollection' at position 2 in expression "{{toCollection(parameters.qs)}}"`,
      expect.stringMatching(/^communication\.body\["\{\{parameters\.\}\}"\]: expected a property name after '\.'/),
    ]);
  });

  it('reports literal prototype keys (JSON.parse keeps "__proto__" as an own key, as in a file on disk)', () => {
    expect(validateExpressions(JSON.parse('{"body": {"__proto__": "literal", "constructor": 1}}'))).toEqual([
      'body.__proto__: property "__proto__" is refused (it leads to an object prototype)',
      'body.constructor: property "constructor" is refused (it leads to an object prototype)',
    ]);
  });

  it('knows the extra function names the caller will pass', () => {
    const descriptor = { qs: { '{{...}}': '{{toCollection(parameters.qs, "key", "value")}}' } };
    expect(validateExpressions(descriptor)).toHaveLength(1);
    expect(validateExpressions(descriptor, { functions: ['toCollection'] })).toEqual([]);
  });

  it('reports a problem in a top-level string with the (root) path', () => {
    expect(validateExpressions('{{nope(}}')).toEqual([expect.stringMatching(/^\(root\): expected an expression/)]);
  });
});
