import request from 'supertest';
import { Role } from '../../src/common/roles';
import { MeDto } from '../../src/auth/dto/auth.dto';
import { UserDto } from '../../src/users/dto/user.dto';
import { UsersService } from '../../src/users/users.service';
import { TestApp } from './app';

export const PASSWORD = 'correct horse battery staple';

export interface Caller {
  user: MeDto;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

let counter = 0;

export async function createUser(t: TestApp, roles: Role[], email?: string): Promise<UserDto> {
  counter += 1;
  return t.app.get(UsersService).create(null, {
    email: email ?? `${roles.join('-')}-${counter}-${Date.now()}@example.org`,
    displayName: `${roles.join(' ')} ${counter}`,
    password: PASSWORD,
    roles,
  });
}

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Caller> {
  const response = await request(t.app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password });
  if (response.status !== 200) {
    throw new Error(
      `login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  const body = response.body as { accessToken: string; refreshToken: string; user: MeDto };
  return {
    user: body.user,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** Creates a user with these roles and signs them in. */
export async function signIn(t: TestApp, ...roles: Role[]): Promise<Caller> {
  const user = await createUser(t, roles);
  return login(t, user.email);
}
