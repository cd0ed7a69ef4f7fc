/**
 * The strings of the submit checklist, under the `checklist` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const checklist = {
  en: {
    title: 'Before you submit',
    loading: 'Checking the sources and evidence…',
    material_one: 'At least one source or evidence item: {{count}} present ({{counts}}).',
    material_other: 'At least one source or evidence item: {{count}} present ({{counts}}).',
    materialMissing:
      'At least one source or evidence item is needed: add one before submitting (withdrawn evidence does not count).',
    counts: '{{sources}}, {{evidence}}',
    sources_one: '{{count}} source',
    sources_other: '{{count}} sources',
    evidence_one: '{{count}} evidence item',
    evidence_other: '{{count}} evidence items',
    met: 'Met',
    unmet: 'Not met',
    pseudonymsTitle: 'Shown by pseudonym only',
    pseudonymsIntro:
      'These confidential sources appear to verifiers, as to everyone, only by their pseudonym, kind and grading. A verifier may reveal the details of one to judge it; every reveal is written to the audit log.',
    pseudonymsNone: 'No confidential source: verifiers see every source of this incident in full.',
    openSources_one: 'Verifiers see the other {{count}} source in full.',
    openSources_other: 'Verifiers see the other {{count}} sources in full.',
    nextTitle: 'What happens next',
    nextState:
      'The incident moves to "In verification". Its facts can then no longer be changed; you can still add sources and evidence.',
    nextTold:
      'Its assigned verifier, or if none every active verifier but you, is told at once in the app and by e-mail.',
    nextReview:
      'A verifier who did not file it reviews each evidence item, then verifies it, rejects it or sends it back to you with a note.',
    blocked: 'Submitting is not possible yet: {{reason}}',
    confirm: 'Submit for verification',
    cancel: 'Cancel',
    unavailable:
      'The sources and evidence could not be read, so the checklist cannot be shown. Try again.',
  },
  ko: {
    title: '제출 전 확인',
    loading: '출처와 증거를 확인하는 중…',
    material_other: '출처 또는 증거 최소 1건: {{count}}건 있음({{counts}}).',
    materialMissing:
      '출처나 증거가 최소 1건 있어야 합니다. 제출하기 전에 추가하십시오(철회된 증거는 세지 않습니다).',
    counts: '{{sources}}, {{evidence}}',
    sources_other: '출처 {{count}}건',
    evidence_other: '증거 {{count}}건',
    met: '충족',
    unmet: '미충족',
    pseudonymsTitle: '가명으로만 표시됨',
    pseudonymsIntro:
      '이 비공개 출처는 다른 모든 사람에게와 마찬가지로 검증자에게도 가명, 유형, 등급으로만 표시됩니다. 검증자는 판단을 위해 세부 정보를 열람할 수 있으며, 모든 열람은 감사 로그에 기록됩니다.',
    pseudonymsNone: '비공개 출처가 없습니다. 검증자는 이 사건의 모든 출처를 전부 봅니다.',
    openSources_other: '검증자는 나머지 출처 {{count}}건을 전부 봅니다.',
    nextTitle: '다음 단계',
    nextState:
      '사건은 "검증 중" 상태가 됩니다. 이후 사실 정보는 바꿀 수 없지만 출처와 증거는 계속 추가할 수 있습니다.',
    nextTold:
      '배정된 검증자에게, 배정된 사람이 없으면 본인을 제외한 모든 활성 검증자에게 앱과 이메일로 즉시 알립니다.',
    nextReview:
      '사건을 등록하지 않은 검증자가 각 증거를 검토한 뒤 검증하거나, 기각하거나, 메모와 함께 돌려보냅니다.',
    blocked: '아직 제출할 수 없습니다: {{reason}}',
    confirm: '검증 요청',
    cancel: '취소',
    unavailable: '출처와 증거를 읽지 못해 확인 목록을 표시할 수 없습니다. 다시 시도하십시오.',
  },
  ru: {
    title: 'Перед отправкой',
    loading: 'Проверяем источники и доказательства…',
    material_one: 'Хотя бы один источник или доказательство: есть {{count}} ({{counts}}).',
    material_few: 'Хотя бы один источник или доказательство: есть {{count}} ({{counts}}).',
    material_many: 'Хотя бы один источник или доказательство: есть {{count}} ({{counts}}).',
    material_other: 'Хотя бы один источник или доказательство: есть {{count}} ({{counts}}).',
    materialMissing:
      'Нужен хотя бы один источник или доказательство: добавьте его перед отправкой (отозванные доказательства не считаются).',
    counts: '{{sources}}, {{evidence}}',
    sources_one: '{{count}} источник',
    sources_few: '{{count}} источника',
    sources_many: '{{count}} источников',
    sources_other: '{{count}} источника',
    evidence_one: '{{count}} доказательство',
    evidence_few: '{{count}} доказательства',
    evidence_many: '{{count}} доказательств',
    evidence_other: '{{count}} доказательства',
    met: 'Выполнено',
    unmet: 'Не выполнено',
    pseudonymsTitle: 'Только под псевдонимом',
    pseudonymsIntro:
      'Эти конфиденциальные источники верификаторы, как и все, видят только по псевдониму, типу и оценке. Верификатор может раскрыть сведения источника, чтобы оценить его; каждое раскрытие записывается в журнал аудита.',
    pseudonymsNone:
      'Конфиденциальных источников нет: верификаторы видят все источники инцидента целиком.',
    openSources_one: 'Остальной {{count}} источник верификаторы видят целиком.',
    openSources_few: 'Остальные {{count}} источника верификаторы видят целиком.',
    openSources_many: 'Остальные {{count}} источников верификаторы видят целиком.',
    openSources_other: 'Остальные {{count}} источника верификаторы видят целиком.',
    nextTitle: 'Что будет дальше',
    nextState:
      'Инцидент перейдёт в статус «На проверке». Его факты больше нельзя будет менять; источники и доказательства добавлять можно.',
    nextTold:
      'Назначенный верификатор, а если его нет — все активные верификаторы, кроме вас, сразу получат уведомление в приложении и по электронной почте.',
    nextReview:
      'Верификатор, не подававший этот инцидент, рассмотрит каждое доказательство, а затем подтвердит инцидент, отклонит его или вернёт вам с заметкой.',
    blocked: 'Отправить пока нельзя: {{reason}}',
    confirm: 'Отправить на проверку',
    cancel: 'Отмена',
    unavailable:
      'Не удалось прочитать источники и доказательства, поэтому контрольный список не показан. Попробуйте ещё раз.',
  },
};
