import type { Core } from '@strapi/strapi';
import { changeEventsService } from '../services';
import type { Delivery, DeliveryStatus } from '../outbox/store';

type Context = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  body: unknown;
  status: number;
  badRequest(message: string): void;
  notFound(message: string): void;
};

const STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed'];
const whole = (value: unknown) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

/** A delivery as the admin shows it: the event parsed (public content only, as sent). */
const view = (delivery: Delivery) => ({ ...delivery, payload: JSON.parse(delivery.payload) as unknown });

/** The admin API of the delivery log (routes/admin.ts). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async endpoints() {
    return { data: await changeEventsService(strapi).endpoints() };
  },

  async find(ctx: Context) {
    const { endpoint, status, before, limit } = ctx.query;
    if (endpoint !== undefined && typeof endpoint !== 'string') return ctx.badRequest('endpoint must be one name');
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) return ctx.badRequest(`status must be one of ${STATUSES.join(', ')}`);
    if (before !== undefined && whole(before) === undefined) return ctx.badRequest('before must be a delivery id');
    if (limit !== undefined && whole(limit) === undefined) return ctx.badRequest('limit must be a whole number');
    const rows = await changeEventsService(strapi).deliveries({ endpoint, status: status as DeliveryStatus | undefined, before: whole(before), limit: whole(limit) });
    return { data: rows.map(view) };
  },

  async findOne(ctx: Context) {
    const id = whole(ctx.params.id);
    const delivery = id === undefined ? null : await changeEventsService(strapi).delivery(id);
    if (!delivery) return ctx.notFound('no such delivery');
    return { data: view(delivery) };
  },

  async replay(ctx: Context) {
    const id = whole(ctx.params.id);
    if (id === undefined) return ctx.notFound('no such delivery');
    const delivery = await changeEventsService(strapi).delivery(id);
    if (!delivery) return ctx.notFound('no such delivery');
    if (delivery.status !== 'failed') return ctx.badRequest(`only a failed delivery can be replayed; this one is ${delivery.status}`);
    const replayed = await changeEventsService(strapi).replay({ id });
    return { data: { replayed } };
  },

  async replayEndpoint(ctx: Context) {
    const service = changeEventsService(strapi);
    const { name } = ctx.params;
    if (!(await service.endpoints()).some((endpoint) => endpoint.name === name)) return ctx.notFound('no such endpoint');
    return { data: { replayed: await service.replay({ endpoint: name }) } };
  },
});
