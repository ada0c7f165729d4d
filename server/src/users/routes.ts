import Router from '@koa/router';
import Joi from 'joi';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { createWeChatClient } from './wechat-client.js';
import { loginCitizen } from './login-citizen.js';
import { presentCitizen } from './present.js';

const wechatLoginBody = Joi.object({
  code: Joi.string().trim().min(1).max(128).required(),
});

export function citizenAuthRoutes(services: Services): Router {
  const wechat = createWeChatClient(services.config.wechat);
  const router = new Router({ prefix: '/api/v1/auth' });
  router.post('/wechat', async (ctx) => {
    const body = validate(ctx, 'body', wechatLoginBody);
    const { token, expiresIn, citizen } = await loginCitizen(services, wechat, body);
    ctx.body = { token, expiresIn, citizen: presentCitizen(citizen) };
  });
  return router;
}
