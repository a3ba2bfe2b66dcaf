import { RedisStore, withoutCredentials } from '../server/src/cache/redis-store';

describe('the Redis store', () => {
  test('an unreachable Redis stops the start with its address, never its password', async () => {
    const attempt = RedisStore.connect('redis://cache-user:s3cret-Passw0rd@127.0.0.1:1/0', 60, 'test:');
    await expect(attempt).rejects.toThrow(/^graphql-acceleration: the response cache cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0 \(responseCache\.redisUrl\): /);
    await expect(attempt).rejects.not.toThrow(/s3cret|cache-user/);
  });

  test('URLs in messages lose their credentials', () => {
    expect(withoutCredentials('rediss://:pw@cache.example:6380')).toBe('rediss://cache.example:6380');
    expect(withoutCredentials('not a url')).toBe('(an unparseable URL)');
  });
});
