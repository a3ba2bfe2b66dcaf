import { DatabaseOutage, isConnectionError } from '../server/src/database/outage';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('connection errors', () => {
  test.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['the server ending the session on shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['the server starting up or shutting down (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a refusal wrapped by GraphQL', Object.assign(new Error('Internal Server Error'), { originalError: withCode('ECONNREFUSED') })],
    ['a refusal inside an AggregateError (IPv4 and IPv6)', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')],
  ])('%s is one', (_name, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  test.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['an error raised by a trigger', withCode('P0001', 'injected fault')],
    // A full pool is load, not an outage: the connection attempts that fail are what count.
    ['a pool timeout', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' })],
    ['a validation error', Object.assign(new Error('title must be at most 120 characters'), { name: 'ValidationError' })],
    ['not an error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe('the outage breaker', () => {
  const quietLog = { warn: jest.fn(), info: jest.fn() };
  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + 2000;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    return condition();
  };

  test('a connection error marks the database down until a probe succeeds; other errors do not', async () => {
    let reachable = false;
    let probes = 0;
    const outage = new DatabaseOutage(
      async () => {
        probes += 1;
        if (!reachable) throw withCode('ECONNREFUSED');
      },
      quietLog,
      10
    );
    expect(outage.observe(withCode('23505'))).toBe(false);
    expect(outage.isDown).toBe(false);

    expect(outage.observe(withCode('ECONNREFUSED'))).toBe(true);
    expect(outage.isDown).toBe(true);
    expect(outage.tripCount).toBe(1);
    expect(await waitFor(() => probes >= 3)).toBe(true);
    expect(outage.isDown).toBe(true);

    // A second failure while down starts no second probe loop.
    outage.observe(withCode('57P03'));
    const seen = probes;
    await new Promise((resolve) => setTimeout(resolve, 35));
    expect(probes - seen).toBeLessThanOrEqual(4);

    reachable = true;
    expect(await waitFor(() => !outage.isDown)).toBe(true);
    const after = probes;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(probes).toBe(after); // no probing once it is back
    expect(quietLog.warn).toHaveBeenCalledTimes(1);
    expect(quietLog.info).toHaveBeenCalledWith(expect.stringMatching(/reachable again after/));
  });
});
