/** The ids the sandbox is seeded with (apart, so that a command naming them loads nothing else of the sandbox). */
export const SEED_IDS = {
  wabaId: '100000000000001',
  appId: '300000000000001',
  testNumber: '200000000000001',
  registeredNumber: '200000000000002',
  unverifiedNumber: '200000000000003',
  /** Registered, but its quality rating is RED (wabc doctor names it). */
  lowQualityNumber: '200000000000004',
  pin: '123456',
  verificationCode: '654321',
  /** order_update (en_US), an approved template. */
  orderUpdateTemplate: '400000000000002',
  /** An uploaded PDF (invoice.pdf), so a download works before anything was uploaded. */
  media: '500000000000001',
} as const;
