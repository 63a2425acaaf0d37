export { formatImageLock, IMAGE_LOCK_FILE, IMAGE_LOCK_VERSION, ImageLockError, imageLockKey, parseImageLock } from './image-lock';
export type { ImageLock, ImageLockEntry } from './image-lock';
export { AddOnImageNotLockedError } from './image-list';
export type { AddOnImage } from './image-list';
