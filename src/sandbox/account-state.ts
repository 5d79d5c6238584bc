/** The parts of the sandbox's world that template review, blocking, QR codes and automation keep. */

export interface TemplateRecord {
  createdAt: number;
  /** Edits made while the template was APPROVED (ms), for the edit limits. */
  approvedEdits: number[];
  allowCategoryChange: boolean;
  /** A review waits for this time (ms); undefined once reviewed. */
  reviewAt?: number;
  quality: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
}

export interface QrCode {
  code: string;
  prefilled_message: string;
  deep_link_url: string;
}

export interface Automation {
  enable_welcome_message: boolean;
  prompts: string[];
  commands: Array<{ command_name: string; command_description: string }>;
}

export interface AccountState {
  templateRecords: Map<string, TemplateRecord>;
  /** Names of deleted templates and when they were deleted: reserved for 30 days. */
  deletedNames: Map<string, number>;
  /** Blocked wa_ids per business number. */
  blocked: Map<string, Set<string>>;
  qrCodes: Map<string, QrCode[]>;
  automation: Map<string, Automation>;
}

export function freshAccountState(): AccountState {
  return { templateRecords: new Map(), deletedNames: new Map(), blocked: new Map(), qrCodes: new Map(), automation: new Map() };
}
