// Box-attached hardware over HTTP (managers): the health list, one device, rename / assign to a counter / mark a display.
import { createRoute, z } from '@hono/zod-openapi';
import { guard, requirePermission } from '../../http/auth.ts';
import type { BoxDeps } from '../../http/context.ts';
import { resultResponse } from '../../http/errors.ts';
import { createRouter } from '../../http/router.ts';
import { findHardware, listHardware, updateHardware } from './hardware.service.ts';

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown(), requestId: z.string().nullable() }) });
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(ErrorBody, 'Invalid request'), 403: json(ErrorBody, 'Not allowed'), 404: json(ErrorBody, 'No such device or counter') };

const HardwareDevice = z.object({
  id: z.string(),
  kind: z.enum(['printer', 'scanner', 'display', 'serial']),
  source: z.enum(['found', 'address']),
  name: z.string(),
  model: z.string().nullable(),
  path: z.string(),
  counterId: z.string().nullable(),
  counterName: z.string().nullable(),
  connected: z.boolean().nullable(),
  firstSeenAt: z.number().int().nullable(),
  lastSeenAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().int().nullable(),
  lastScanAt: z.number().int().nullable(),
  printerId: z.string().nullable(),
  usb: z.object({ vendorId: z.string().nullable(), productId: z.string().nullable(), serial: z.string().nullable(), port: z.string().nullable() }).nullable(),
  printer: z.object({ state: z.string(), message: z.string(), queued: z.number().int(), at: z.number().int() }).nullable(),
}).openapi('HardwareDevice');

const DeviceChanges = z.strictObject({
  name: z.string().max(200).optional(),
  counterId: z.string().max(64).nullable().optional(),
  kind: z.enum(['display', 'serial']).optional(),
}).openapi('HardwareDeviceChanges');

const Ref = z.object({ id: z.string().min(1).max(64) });

const listRoute = createRoute({
  method: 'get', path: '/api/v1/devices/hardware', tags: ['devices'], ...guard('permission', 'manage_devices'),
  summary: 'Printers, scanners and displays of the box with their state (the device health page)',
  responses: { 200: json(z.object({ devices: z.array(HardwareDevice) }), 'Devices') },
});
const getRoute = createRoute({
  method: 'get', path: '/api/v1/devices/hardware/{id}', tags: ['devices'], ...guard('permission', 'manage_devices'), summary: 'One device, by id or by its URL-encoded /dev path',
  request: { params: Ref },
  responses: { 200: json(HardwareDevice, 'The device'), ...errors },
});
const updateRoute = createRoute({
  method: 'patch', path: '/api/v1/devices/hardware/{id}', tags: ['devices'], ...guard('permission', 'manage_devices'),
  summary: 'Rename a device, assign it to a counter (null = none) or mark a serial port as customer display; idempotent',
  request: { params: Ref, body: { content: { 'application/json': { schema: DeviceChanges } }, required: true } },
  responses: { 200: json(HardwareDevice, 'The device as it is now'), ...errors },
});

export function hardwareRoutes(deps: BoxDeps) {
  const statuses = () => deps.printing?.statuses() ?? [];
  return createRouter()
    .openapi(listRoute, (c) => c.json({ devices: listHardware(deps.db, statuses()) }, 200))
    .openapi(getRoute, (c) => resultResponse(c, findHardware(deps.db, c.req.valid('param').id, statuses())) as never)
    .openapi(updateRoute, (c) => {
      const actor = requirePermission(c, 'manage_devices');
      const body = c.req.valid('json');
      const updated = updateHardware(deps.db, actor, c.req.valid('param').id, {
        ...(body.name !== undefined ? { name: body.name } : {}), ...(body.counterId !== undefined ? { counterId: body.counterId } : {}),
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
      }, deps.clock.now(), deps.hardware?.effects);
      if (!updated.ok) return resultResponse(c, updated) as never;
      // The view after a change carries no live printer state: add it, as the list does.
      return resultResponse(c, findHardware(deps.db, updated.value.id, statuses())) as never;
    });
}
