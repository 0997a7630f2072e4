// Demo staff: one user per role, with well-known passwords (README "Logins, roles and API keys").
// Loaded only with the demo data (ORDERLY_DEMO_DATA=on, the default): never in production.
import { randomBytes, scrypt } from 'node:crypto';
import type { PrismaClient, Role } from '../generated/prisma/client.ts';

export const demoUsers: { email: string; password: string; name: string; roles: Role[]; locale: string }[] = [
  { email: 'admin@orderly.local', password: 'orderly-admin', name: 'Администратор / 管理员', roles: ['ADMIN'], locale: 'ru' },
  { email: 'manager@orderly.local', password: 'orderly-manager', name: 'Ли Вэй / 李伟', roles: ['MANAGER'], locale: 'zh' },
  { email: 'picker@orderly.local', password: 'orderly-picker', name: 'Ирина Сборщица', roles: ['PICKER'], locale: 'ru' },
  { email: 'packer@orderly.local', password: 'orderly-packer', name: 'Олег Упаковщик', roles: ['PACKER'], locale: 'ru' },
  { email: 'support@orderly.local', password: 'orderly-support', name: 'Анна Поддержка', roles: ['SUPPORT'], locale: 'ru' },
];

/**
 * The API's password format (apps/api/src/modules/auth/crypto.ts):
 * `scrypt$N=32768,r=8,p=1$<salt base64>$<hash base64>`.
 */
export function hashDemoPassword(password: string): Promise<string> {
  const N = 2 ** 15;
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(`scrypt$N=${N},r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`),
    ),
  );
}

/** Creates the demo users when there are no users at all (so an older demo database gets them too). */
export async function seedDemoUsers(prisma: PrismaClient): Promise<number> {
  if ((await prisma.user.count()) > 0) return 0;
  const data = await Promise.all(demoUsers.map(async ({ password, ...user }) => ({ ...user, passwordHash: await hashDemoPassword(password) })));
  const created = await prisma.user.createMany({ data, skipDuplicates: true });
  return created.count;
}
