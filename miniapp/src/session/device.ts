/**
 * This installation's own random id, made once and kept in storage. Photo uploads carry it, so
 * finance can see one phone reporting for many accounts; WeChat gives mini programs no hardware
 * id, and this one says nothing about the person.
 */
import Taro from '@tarojs/taro';
import { newRandomId } from './random-id';

const DEVICE_KEY = 'szcg.deviceId';

export function installationId(): string {
  const kept = Taro.getStorageSync<string>(DEVICE_KEY);
  if (kept) return kept;
  const made = newRandomId('dev');
  Taro.setStorageSync(DEVICE_KEY, made);
  return made;
}
