/** A Temporal SDK logger that drops everything (bundling and in-process workers in tests and the bench). */
import type { Logger } from '@temporalio/common';

export const quietLogger: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
