export { writeOutputs, recoverOutputs, OutputTransaction, OutputTree, OutputUnit, WriteOptions, WriteReport, OutputWriteError, TXN_DIR } from './transaction';
export { OutputLockedError, LOCK_FILE } from './lock';
export { OWNED_FILE } from './ownership';
