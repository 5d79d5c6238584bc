/** A Redis URL as the CLI shows it in logs and messages (no Redis needed): the password left out wherever ioredis would read one. */
import { shownUrl } from '../../src/redis/connection.js';

test.each([
  ['redis://:hunter2@127.0.0.1:6379/0', 'redis://:***@127.0.0.1:6379/0'],
  ['redis://app:hunter2@127.0.0.1:6379', 'redis://app:***@127.0.0.1:6379'],
  ['redis://127.0.0.1:6379/0?password=hunter2&family=6', 'redis://127.0.0.1:6379/0?password=***&family=6'],
  ['rediss://app@cache.example:6380/2?Password=hunter2', 'rediss://app@cache.example:6380/2?Password=***'],
  ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
])('%s is shown as %s', (url, shown) => {
  expect(shownUrl(url)).toBe(shown);
  expect(shownUrl(url)).not.toContain('hunter2');
});

test('a URL that cannot be read is not shown at all', () => {
  expect(shownUrl('not a url hunter2')).toBe('(a Redis URL that cannot be read)');
});
