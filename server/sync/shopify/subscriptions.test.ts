// Webhook subscriptions: created once per topic for a public HTTPS address; re-running finds them taken.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/fake-clock.ts';
import { createShopifyClient } from './client.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { ensureWebhookSubscriptions, WEBHOOK_TOPICS } from './subscriptions.ts';

describe('webhook subscriptions', () => {
  it('subscribes every topic once and refuses addresses that are not public https', async () => {
    const clock = new FakeClock();
    const emu = new ShopifyEmulator({ clock });
    const client = createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch });
    const sleep = async (ms: number) => { clock.advance(ms); };
    const uri = 'https://box.example.pk/webhooks/shopify';
    expect(await ensureWebhookSubscriptions(client, uri, sleep)).toEqual({ ok: true, value: { created: WEBHOOK_TOPICS.length, existing: 0 } });
    expect(await ensureWebhookSubscriptions(client, uri, sleep)).toEqual({ ok: true, value: { created: 0, existing: WEBHOOK_TOPICS.length } });
    expect(emu.webhookSubscriptions).toHaveLength(WEBHOOK_TOPICS.length);
    const bad = await ensureWebhookSubscriptions(client, 'http://192.168.1.5:8080/webhooks/shopify', sleep);
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED');
  });
});
