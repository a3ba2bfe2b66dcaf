// Modules the scripts use that ship no types of their own.

declare module 'autocannon' {
  /** The options the scripts pass (https://github.com/mcollina/autocannon#api). */
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Requests in turn; `setupRequest(request, context)` and `onResponse(status, body, context)` may change them per connection. */
    requests?: Array<{ method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; [hook: string]: unknown }>;
    [option: string]: unknown;
  };
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; [percentile: string]: number };
  /** What a finished run reports. */
  type Result = { requests: Histogram; latency: Histogram; throughput: Histogram; duration: number; errors: number; timeouts: number; non2xx: number; '2xx': number; [key: string]: unknown };
  /** A run under way: a promise of its result (without a callback), its events (`response`, `reqError` …), and a stop. */
  type Instance = Promise<Result> & { stop(): void; on(event: string, listener: (...args: never[]) => void): Instance };
  function autocannon(options: Options, callback?: (error: Error | null, result: Result) => void): Instance;
  export = autocannon;
}
