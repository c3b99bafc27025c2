/**
 * Topic names and parsing of what residents type to choose one.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import { TOPIC_CCHC, TOPIC_GENERAL, villageTopic } from './model.js';
import { foldForPhrase as fold } from '../text/fold.js';

/** A topic residents can choose. */
export interface TopicChoice {
  topic: string;
  label: string;
  /** Short word used in commands, e.g. `cchc`, `thon-1`. */
  word: string;
}

/** Every topic: the two built-in ones and one per village of the commune profile. */
export function allTopics(kb: KnowledgeBase): TopicChoice[] {
  return [
    { topic: TOPIC_GENERAL, label: 'Thông báo chung', word: 'chung' },
    { topic: TOPIC_CCHC, label: 'Tin cải cách hành chính', word: 'cchc' },
    ...kb.commune.villages.map((v) => ({ topic: villageTopic(v.id), label: v.name, word: v.id })),
  ];
}

/** The label of a topic id (village topics no longer in the profile keep their id). */
export function topicLabel(kb: KnowledgeBase, topic: string): string {
  return allTopics(kb).find((t) => t.topic === topic)?.label ?? topic;
}

/** Finds the topic someone typed: its word, id or label, accents optional. */
export function findTopic(kb: KnowledgeBase, input: string): TopicChoice | undefined {
  const q = fold(input).replace(/^thon:/, '');
  if (!q) return undefined;
  const topics = allTopics(kb);
  return (
    topics.find((t) => t.word === q || t.topic === q) ??
    topics.find((t) => fold(t.label) === q) ??
    (q === 'cai cach hanh chinh' || q === 'tin cai cach hanh chinh' ? topics[1] : undefined) ??
    topics.find((t) => t.topic.startsWith('thon:') && fold(t.label).endsWith(q) && q.length >= 3)
  );
}
