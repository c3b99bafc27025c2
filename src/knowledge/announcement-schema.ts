/**
 * Schema of announcements declared in the knowledge base (the
 * `announcements:` key, e.g. in `knowledge/announcements.yaml`), validated
 * with the rest of the knowledge base. It is a kind of knowledge, so it lives
 * here: the announcements part depends on knowledge, never the reverse.
 */
import { Cron } from 'croner';
import { z } from 'zod';

const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id phải là chữ thường không dấu nối bằng dấu gạch, ví dụ "nhac-nop-ho-so"');
const Text = z.string().trim().min(1, 'không được để trống');
const Day = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD'),
);

/** Who receives a declared announcement. */
export const DeclaredAudience = z.union(
  [
    z.literal('all'),
    z.strictObject({ topic: z.enum(['cchc', 'chung'], { error: 'chủ đề là cchc hoặc chung' }) }),
    z.strictObject({ village: Slug }),
  ],
  { error: 'người nhận là all, { topic: cchc | chung } hoặc { village: <id thôn> }' },
);

/** When a declared announcement is sent: a cron pattern or one local date and time. */
export const DeclaredSchedule = z.union(
  [
    z.strictObject({
      cron: z.string().refine(
        (c) => {
          try {
            new Cron(c, { paused: true });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'lịch cron không hợp lệ, ví dụ "0 8 1 * *" (8 giờ sáng ngày 1 hằng tháng)' },
      ),
    }),
    z.strictObject({
      at: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'thời điểm có dạng "YYYY-MM-DD HH:MM" (giờ Việt Nam)'),
    }),
  ],
  { error: 'lịch gửi là { cron: "..." } hoặc { at: "YYYY-MM-DD HH:MM" }' },
);

/**
 * One declared announcement. `lastVerified` and `sources` are required
 * together, and only when the text states facts (deadlines, fees, rules).
 */
export const DeclaredAnnouncement = z
  .strictObject({
    id: Slug,
    title: Text,
    text: Text.max(3000, 'tối đa 3000 ký tự'),
    audience: DeclaredAudience.default('all'),
    schedule: DeclaredSchedule,
    /** Promotional messages are not sent at night on Zalo OA. */
    promotional: z.boolean().default(false),
    enabled: z.boolean().default(true),
    lastVerified: Day.optional(),
    sources: z.array(Text).min(1, 'cần ít nhất một nguồn').optional(),
  })
  .refine((a) => (a.lastVerified === undefined) === (a.sources === undefined), {
    message: 'thông báo nêu thông tin cần cả lastVerified và sources (hoặc bỏ cả hai nếu không nêu thông tin)',
    path: ['sources'],
  });

/** A validated declared announcement. */
export type DeclaredAnnouncement = z.infer<typeof DeclaredAnnouncement>;
