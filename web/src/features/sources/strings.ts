/**
 * The strings of the source dialog, under the `sourceDialog` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const sourceDialog = {
  en: {
    title: 'Add a source',
    editTitle: 'Edit source {{name}}',
    add: 'Add a source',
    edit: 'Edit',
    save: 'Save the source',
    cancel: 'Cancel',
    kind: 'Kind of source',
    name: 'Name',
    nameHelp: 'The outlet, organisation or person, as you would cite it.',
    nameRequired: 'A name is required.',
    url: 'Web address (optional)',
    urlInvalid: 'A web address starts with http:// or https://.',
    publishedAt: 'Published on (optional)',
    contact: 'Contact (optional)',
    notes: 'Notes (optional)',
    reliability: 'Reliability of the source',
    reliabilityHelp: 'How far this source has proved right before (Admiralty grading A–F).',
    credibility: 'Credibility of this information',
    credibilityHelp: 'How far this piece of information is borne out (Admiralty grading 1–6).',
    gradeOption: '{{grade}} — {{meaning}}',
    chosenGrade: 'Grading: {{label}}',
    group: 'Independence group',
    groupIndependent: 'Independent (a group of its own)',
    groupOf: 'Same origin as: {{sources}}',
    groupHelp:
      'Sources of one origin (one report quoted by two outlets, two informants of one network) belong in one group: they count as one.',
    groupEffect:
      '"Confirmed" needs approved evidence tied to sources of at least two different independence groups.',
    groupCount_one: 'The sources of this incident form {{count}} independence group now.',
    groupCount_other: 'The sources of this incident form {{count}} independence groups now.',
    regradeWarning:
      'Changing the grading or the group of a source sets its already reviewed evidence back to pending, so a verifier judges it again.',
    confidential: 'Confidential source',
    confidentialOff:
      'Not confidential: every staff user sees all of this source; it may appear in exports and, once published, on the public page.',
    confidentialEncrypted:
      'Encrypted at rest (AES-256-GCM): its name, contact, notes and web address.',
    confidentialOthers:
      'Everyone else, in every list, view, history entry, export, notification and e-mail, sees only its pseudonym{{pseudonym}}, its kind, its grading and its independence group.',
    confidentialWhoMay:
      'Only you (who add it), verifiers and admins may reveal the details, one source at a time.',
    confidentialWhoMayEdit:
      'Only the user who added it, verifiers and admins may reveal the details, one source at a time.',
    confidentialAudit: 'Every reveal is written to the audit log: who, and when.',
    pseudonymExample: ' (such as SRC-7KQ2)',
    pseudonymIs: ' ({{pseudonym}})',
    detailsHidden:
      'The details of this confidential source are hidden. Reveal them to read or change them; the grading, kind and group can be changed without revealing.',
    reveal: 'Reveal the details',
    revealAudited: 'The reveal is written to the audit log.',
    revealRefused:
      'You may not see the details of this source: only who added it, verifiers and admins may.',
    saved: 'The source is saved.',
    stale:
      'Someone changed this source while you were editing it. It has been reloaded; what you typed is kept. Changed meanwhile: {{fields}}. Check, then save again.',
    staleNothing:
      'Someone changed this source while you were editing it. It has been reloaded; what you typed is kept. Check, then save again.',
    cannotAdd:
      'Only the creator of this incident or an admin may add sources while it is in intake.',
    cannotAddVerification:
      'Only the creator of this incident, a verifier or an admin may add sources while it is in verification.',
    closed: 'Sources can no longer be added or changed: the incident is {{status}}.',
    problem: 'The source was not saved: {{message}}',
    field: {
      kind: 'kind',
      name: 'name',
      url: 'web address',
      publishedAt: 'publication date',
      reliability: 'reliability',
      credibility: 'credibility',
      independenceGroup: 'independence group',
      confidential: 'confidentiality',
      contact: 'contact',
      notes: 'notes',
    },
  },
  ko: {
    title: '출처 추가',
    editTitle: '출처 {{name}} 수정',
    add: '출처 추가',
    edit: '수정',
    save: '출처 저장',
    cancel: '취소',
    kind: '출처 유형',
    name: '이름',
    nameHelp: '인용할 때 쓰는 매체, 단체 또는 사람의 이름.',
    nameRequired: '이름을 입력해야 합니다.',
    url: '웹 주소 (선택)',
    urlInvalid: '웹 주소는 http:// 또는 https://로 시작합니다.',
    publishedAt: '발행일 (선택)',
    contact: '연락처 (선택)',
    notes: '메모 (선택)',
    reliability: '출처의 신뢰도',
    reliabilityHelp: '이 출처가 지금까지 얼마나 정확했는지 (Admiralty 등급 A–F).',
    credibility: '이 정보의 신빙성',
    credibilityHelp: '이 정보가 얼마나 뒷받침되는지 (Admiralty 등급 1–6).',
    gradeOption: '{{grade}} — {{meaning}}',
    chosenGrade: '등급: {{label}}',
    group: '독립성 그룹',
    groupIndependent: '독립 (별도의 그룹)',
    groupOf: '같은 출처 계통: {{sources}}',
    groupHelp:
      '한 계통의 출처(두 매체가 인용한 하나의 보도, 한 연락망의 두 제보자)는 한 그룹에 속하며 하나로 셉니다.',
    groupEffect:
      '"확인됨"으로 판정하려면 서로 다른 독립성 그룹 두 개 이상의 출처에 연결된 승인된 증거가 필요합니다.',
    groupCount_other: '현재 이 사건의 출처는 독립성 그룹 {{count}}개를 이룹니다.',
    regradeWarning:
      '출처의 등급이나 그룹을 바꾸면 이미 검토된 그 출처의 증거가 다시 검토 대기 상태가 되어 검증자가 다시 판단합니다.',
    confidential: '비공개 출처',
    confidentialOff:
      '비공개가 아님: 모든 직원이 이 출처의 전부를 볼 수 있으며, 내보내기에 포함될 수 있고 공개되면 공개 페이지에도 나타날 수 있습니다.',
    confidentialEncrypted: '저장 시 암호화(AES-256-GCM): 이름, 연락처, 메모, 웹 주소.',
    confidentialOthers:
      '그 밖의 모든 사람은 모든 목록, 보기, 이력, 내보내기, 알림, 이메일에서 가명{{pseudonym}}, 유형, 등급, 독립성 그룹만 봅니다.',
    confidentialWhoMay: '추가한 본인, 검증자, 관리자만 세부 정보를 한 출처씩 열람할 수 있습니다.',
    confidentialWhoMayEdit:
      '추가한 사람, 검증자, 관리자만 세부 정보를 한 출처씩 열람할 수 있습니다.',
    confidentialAudit: '모든 열람은 누가, 언제 열람했는지 감사 로그에 기록됩니다.',
    pseudonymExample: '(예: SRC-7KQ2)',
    pseudonymIs: '({{pseudonym}})',
    detailsHidden:
      '이 비공개 출처의 세부 정보는 숨겨져 있습니다. 읽거나 바꾸려면 열람하십시오. 등급, 유형, 그룹은 열람하지 않고도 바꿀 수 있습니다.',
    reveal: '세부 정보 열람',
    revealAudited: '열람은 감사 로그에 기록됩니다.',
    revealRefused:
      '이 출처의 세부 정보를 볼 수 없습니다. 추가한 사람, 검증자, 관리자만 볼 수 있습니다.',
    saved: '출처를 저장했습니다.',
    stale:
      '수정하는 동안 다른 사람이 이 출처를 바꾸었습니다. 다시 불러왔으며 입력한 내용은 그대로입니다. 그사이 바뀐 항목: {{fields}}. 확인한 뒤 다시 저장하십시오.',
    staleNothing:
      '수정하는 동안 다른 사람이 이 출처를 바꾸었습니다. 다시 불러왔으며 입력한 내용은 그대로입니다. 확인한 뒤 다시 저장하십시오.',
    cannotAdd: '접수 단계에서는 이 사건을 등록한 사람이나 관리자만 출처를 추가할 수 있습니다.',
    cannotAddVerification:
      '검증 단계에서는 이 사건을 등록한 사람, 검증자 또는 관리자만 출처를 추가할 수 있습니다.',
    closed: '사건이 {{status}} 상태이므로 출처를 더 이상 추가하거나 바꿀 수 없습니다.',
    problem: '출처를 저장하지 못했습니다: {{message}}',
    field: {
      kind: '유형',
      name: '이름',
      url: '웹 주소',
      publishedAt: '발행일',
      reliability: '신뢰도',
      credibility: '신빙성',
      independenceGroup: '독립성 그룹',
      confidential: '비공개 여부',
      contact: '연락처',
      notes: '메모',
    },
  },
  ru: {
    title: 'Добавить источник',
    editTitle: 'Изменить источник {{name}}',
    add: 'Добавить источник',
    edit: 'Изменить',
    save: 'Сохранить источник',
    cancel: 'Отмена',
    kind: 'Тип источника',
    name: 'Название',
    nameHelp: 'Издание, организация или человек — так, как вы бы их процитировали.',
    nameRequired: 'Укажите название.',
    url: 'Веб-адрес (необязательно)',
    urlInvalid: 'Веб-адрес начинается с http:// или https://.',
    publishedAt: 'Дата публикации (необязательно)',
    contact: 'Контакт (необязательно)',
    notes: 'Заметки (необязательно)',
    reliability: 'Надёжность источника',
    reliabilityHelp: 'Насколько этот источник оказывался прав раньше (шкала Адмиралтейства A–F).',
    credibility: 'Достоверность сведений',
    credibilityHelp: 'Насколько эти сведения подтверждаются (шкала Адмиралтейства 1–6).',
    gradeOption: '{{grade}} — {{meaning}}',
    chosenGrade: 'Оценка: {{label}}',
    group: 'Группа независимости',
    groupIndependent: 'Независимый (отдельная группа)',
    groupOf: 'Тот же первоисточник, что у: {{sources}}',
    groupHelp:
      'Источники одного происхождения (один материал, процитированный двумя изданиями; два информатора из одной сети) входят в одну группу и считаются за один.',
    groupEffect:
      'Для оценки «подтверждено» нужны одобренные доказательства, связанные с источниками как минимум из двух разных групп независимости.',
    groupCount_one: 'Сейчас источники этого инцидента образуют {{count}} группу независимости.',
    groupCount_few: 'Сейчас источники этого инцидента образуют {{count}} группы независимости.',
    groupCount_many: 'Сейчас источники этого инцидента образуют {{count}} групп независимости.',
    groupCount_other: 'Сейчас источники этого инцидента образуют {{count}} группы независимости.',
    regradeWarning:
      'Если изменить оценку или группу источника, уже рассмотренные доказательства от него снова станут ожидающими, и верификатор оценит их заново.',
    confidential: 'Конфиденциальный источник',
    confidentialOff:
      'Не конфиденциальный: все сотрудники видят этот источник целиком; он может попасть в выгрузки, а после публикации — на публичную страницу.',
    confidentialEncrypted:
      'Шифруются при хранении (AES-256-GCM): название, контакт, заметки и веб-адрес.',
    confidentialOthers:
      'Все остальные — в любых списках, карточках, истории, выгрузках, уведомлениях и письмах — видят только псевдоним{{pseudonym}}, тип, оценку и группу независимости.',
    confidentialWhoMay:
      'Раскрыть сведения, по одному источнику, могут только вы (добавивший), верификаторы и администраторы.',
    confidentialWhoMayEdit:
      'Раскрыть сведения, по одному источнику, могут только добавивший его, верификаторы и администраторы.',
    confidentialAudit: 'Каждое раскрытие записывается в журнал аудита: кто и когда.',
    pseudonymExample: ' (например, SRC-7KQ2)',
    pseudonymIs: ' ({{pseudonym}})',
    detailsHidden:
      'Сведения этого конфиденциального источника скрыты. Раскройте их, чтобы прочитать или изменить; оценку, тип и группу можно менять без раскрытия.',
    reveal: 'Раскрыть сведения',
    revealAudited: 'Раскрытие записывается в журнал аудита.',
    revealRefused:
      'Вам нельзя видеть сведения этого источника: их видят только добавивший, верификаторы и администраторы.',
    saved: 'Источник сохранён.',
    stale:
      'Пока вы редактировали, кто-то изменил этот источник. Он перезагружен; введённое вами сохранено. Изменилось: {{fields}}. Проверьте и сохраните снова.',
    staleNothing:
      'Пока вы редактировали, кто-то изменил этот источник. Он перезагружен; введённое вами сохранено. Проверьте и сохраните снова.',
    cannotAdd: 'Пока инцидент на приёме, источники добавляет только его автор или администратор.',
    cannotAddVerification:
      'Пока инцидент на проверке, источники добавляют только его автор, верификатор или администратор.',
    closed: 'Источники больше нельзя добавлять или менять: статус инцидента — «{{status}}».',
    problem: 'Источник не сохранён: {{message}}',
    field: {
      kind: 'тип',
      name: 'название',
      url: 'веб-адрес',
      publishedAt: 'дата публикации',
      reliability: 'надёжность',
      credibility: 'достоверность',
      independenceGroup: 'группа независимости',
      confidential: 'конфиденциальность',
      contact: 'контакт',
      notes: 'заметки',
    },
  },
};
