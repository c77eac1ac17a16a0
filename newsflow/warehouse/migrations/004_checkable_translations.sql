-- newsflow warehouse, schema version 4: translations a reader can check. Every translated sentence with its
-- original, the model's score and quality alarms; the article's weighted score and alarms; every translation
-- that a newer one replaced.

ALTER TABLE articles ADD COLUMN IF NOT EXISTS translation_score DOUBLE;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS translation_flags VARCHAR[];

CREATE TABLE IF NOT EXISTS translation_segments (
    article_id  VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,      -- title | text
    paragraph   INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    original    VARCHAR NOT NULL,
    english     VARCHAR NOT NULL,
    score       DOUBLE,
    tokens      INTEGER NOT NULL,
    flags       VARCHAR[] NOT NULL,
    model       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS translation_history (
    article_id         VARCHAR NOT NULL,
    title_en           VARCHAR,
    text_en            VARCHAR NOT NULL,
    model              VARCHAR,
    translated_at      TIMESTAMP,
    translation_score  DOUBLE,
    translation_flags  VARCHAR[],
    replaced_at        TIMESTAMP NOT NULL,
    reason             VARCHAR NOT NULL,  -- retranslated | text changed
    run_id             VARCHAR
);

CREATE OR REPLACE VIEW bilingual AS
SELECT
    s.article_id,
    a.source,
    a.lang,
    s.field,
    s.paragraph,
    s.position,
    s.original,
    s.english,
    s.score,
    s.flags,
    s.model
FROM translation_segments AS s
JOIN articles AS a USING (article_id)
ORDER BY s.article_id, s.field DESC, s.paragraph, s.position;

CREATE OR REPLACE VIEW translation_review AS
SELECT
    s.article_id,
    a.source,
    a.lang,
    coalesce(a.title_en, a.title) AS title,
    a.translation_score,
    a.translation_flags,
    s.field,
    s.paragraph,
    s.position,
    s.original,
    s.english,
    s.score,
    s.flags
FROM translation_segments AS s
JOIN articles AS a USING (article_id)
WHERE len(s.flags) > 0
ORDER BY a.translation_score ASC NULLS FIRST, len(a.translation_flags) DESC, s.article_id,
    s.score ASC NULLS FIRST, s.field DESC, s.paragraph, s.position;

COMMENT ON COLUMN articles.translation_score IS 'Mean log-probability per token of the translation, weighted by sentence length (0 = the model was certain of every token; -1 = on average e^-1 = 0.37 per token). Comparable between articles of one model, not a measure of correctness.';
COMMENT ON COLUMN articles.translation_flags IS 'Quality alarms of the translation: every alarm of one of its sentences (see translation_segments.flags), and low_score when translation_score is below [translation] review_below. Empty: none fired.';

COMMENT ON TABLE translation_segments IS 'Every translated sentence of the current translation with its original: title_en and text_en are assembled from these rows (sentences joined by a space, lines by a newline, paragraphs by a blank line).';
COMMENT ON COLUMN translation_segments.article_id IS 'articles.article_id.';
COMMENT ON COLUMN translation_segments.field IS 'title or text.';
COMMENT ON COLUMN translation_segments.paragraph IS 'Paragraph number within the field, from 0.';
COMMENT ON COLUMN translation_segments.line IS 'Line number within the paragraph, from 0.';
COMMENT ON COLUMN translation_segments.position IS 'Sentence number within the paragraph, from 0.';
COMMENT ON COLUMN translation_segments.original IS 'The sentence in the original language.';
COMMENT ON COLUMN translation_segments.english IS 'Its English translation.';
COMMENT ON COLUMN translation_segments.score IS 'The model''s mean log-probability per output token for this sentence (0 = certain); NULL when nothing was decoded.';
COMMENT ON COLUMN translation_segments.tokens IS 'Source tokens of the sentence: its weight in articles.translation_score.';
COMMENT ON COLUMN translation_segments.flags IS 'Quality alarms: untranslated | empty | loop | length_ratio | missing_number | missing_url | missing_email | low_score (newsflow/translation/quality.py).';
COMMENT ON COLUMN translation_segments.model IS 'Translation model that produced it.';

COMMENT ON TABLE translation_history IS 'Translations replaced by a newer one (a newer model, --retry-failed, --upgrade, reprocess of a changed text), written before the replacement.';
COMMENT ON COLUMN translation_history.article_id IS 'articles.article_id.';
COMMENT ON COLUMN translation_history.title_en IS 'The English title then.';
COMMENT ON COLUMN translation_history.text_en IS 'The English text then.';
COMMENT ON COLUMN translation_history.model IS 'The model that produced it.';
COMMENT ON COLUMN translation_history.translated_at IS 'When it was stored (UTC).';
COMMENT ON COLUMN translation_history.translation_score IS 'Its translation_score.';
COMMENT ON COLUMN translation_history.translation_flags IS 'Its translation_flags.';
COMMENT ON COLUMN translation_history.replaced_at IS 'When it was replaced (UTC).';
COMMENT ON COLUMN translation_history.reason IS 'retranslated (a new translation replaced it) or text changed (the original changed; a new translation follows).';
COMMENT ON COLUMN translation_history.run_id IS 'Run that replaced it (runs.run_id).';

COMMENT ON VIEW bilingual IS 'Sentence pairs of every translated article: the original and its English, with score and alarms, in reading order.';
COMMENT ON COLUMN bilingual.article_id IS 'articles.article_id.';
COMMENT ON COLUMN bilingual.source IS 'Configured source name.';
COMMENT ON COLUMN bilingual.lang IS 'Original language.';
COMMENT ON COLUMN bilingual.field IS 'title or text.';
COMMENT ON COLUMN bilingual.paragraph IS 'Paragraph number, from 0.';
COMMENT ON COLUMN bilingual.position IS 'Sentence number within the paragraph, from 0.';
COMMENT ON COLUMN bilingual.original IS 'Original sentence.';
COMMENT ON COLUMN bilingual.english IS 'English sentence.';
COMMENT ON COLUMN bilingual.score IS 'Mean log-probability per token (0 = certain).';
COMMENT ON COLUMN bilingual.flags IS 'Quality alarms.';
COMMENT ON COLUMN bilingual.model IS 'Translation model.';

COMMENT ON VIEW translation_review IS 'Flagged sentences of translated articles, worst first: lowest article score, then most alarms, then lowest sentence score.';
COMMENT ON COLUMN translation_review.article_id IS 'articles.article_id.';
COMMENT ON COLUMN translation_review.source IS 'Configured source name.';
COMMENT ON COLUMN translation_review.lang IS 'Original language.';
COMMENT ON COLUMN translation_review.title IS 'English title, else the original.';
COMMENT ON COLUMN translation_review.translation_score IS 'The article''s weighted score.';
COMMENT ON COLUMN translation_review.translation_flags IS 'The article''s alarms.';
COMMENT ON COLUMN translation_review.field IS 'title or text.';
COMMENT ON COLUMN translation_review.paragraph IS 'Paragraph number, from 0.';
COMMENT ON COLUMN translation_review.position IS 'Sentence number within the paragraph, from 0.';
COMMENT ON COLUMN translation_review.original IS 'Original sentence.';
COMMENT ON COLUMN translation_review.english IS 'English sentence.';
COMMENT ON COLUMN translation_review.score IS 'The sentence''s score.';
COMMENT ON COLUMN translation_review.flags IS 'The sentence''s alarms.';
