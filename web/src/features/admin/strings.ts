/**
 * The strings of the admin screens, under the `admin` key: English is the source, Korean and
 * Russian translate it key for key.
 */
export const admin = {
  en: {
    nav: 'Users',
    onlyAdmins: 'Only admins manage users. Ask an admin of your team.',
    users: {
      title: 'Users',
      intro:
        'Everyone who signs in to this service. Roles decide what each person may do; a person may hold several.',
      fourEyesTitle: 'Four eyes, admins included',
      fourEyes:
        'Nobody verifies an incident they filed, and nobody reviews an evidence item they added, whatever their roles. An admin who is also a verifier is held to the same rule.',
      create: 'New user',
      loadFailed: 'The users could not be loaded.',
      loadMore: 'Load more',
      columns: {
        name: 'Name',
        email: 'E-mail address',
        roles: 'Roles',
        state: 'Access',
        created: 'Added',
        actions: 'Actions',
      },
      active: 'Active',
      inactive: 'Deactivated',
      you: '(you)',
      edit: 'Edit',
      editNamed: 'Edit {{name}}',
      resetLink: 'Password link',
      resetLinkNamed: 'Password link for {{name}}',
    },
    form: {
      createTitle: 'New user',
      editTitle: 'Edit {{name}}',
      displayName: 'Name',
      displayNameHelp: 'As colleagues know them: shown beside their work, never their e-mail.',
      email: 'E-mail address',
      emailHelp: 'They sign in with it. It cannot be changed later.',
      roles: 'Roles',
      rolesHelp: 'At least one.',
      roleHelp: {
        monitor: 'files incidents, adds sources and evidence',
        verifier: 'reviews evidence, verifies or rejects incidents',
        writer: 'writes public texts, publishes, exports',
        admin: 'manages users and reference data, reads the audit log, reopens incidents',
      },
      rolesRequired: 'Choose at least one role.',
      nameRequired: 'Give a name.',
      emailInvalid: 'Give a valid e-mail address.',
      access: 'Access',
      activeLabel: 'Can sign in',
      deactivateWarning:
        'Deactivating ends their access at once: their open pages are signed out on their next request, and they cannot sign in again until reactivated. Their work stays, under their name.',
      passwordNote:
        'They get no password from you: after creating the user you receive a single-use link (valid 24 hours) through which they set their own.',
      save: 'Save',
      createSubmit: 'Create user',
      duplicate: 'A user with this e-mail address exists already.',
      stale:
        'Someone changed this user meanwhile. The form now shows their version: check it and save again.',
      selfRefused:
        'You cannot deactivate yourself or give up your own admin role. Ask another admin.',
      refused: 'Not saved: {{message}}',
      saved: 'Saved.',
    },
    link: {
      title: 'Password link for {{name}}',
      explain:
        'A single-use link through which {{name}} sets a new password. Issuing it signs them out everywhere at once. You never see or choose their password.',
      issue: 'Issue the link',
      issued: 'Give this link to {{name}} over a channel you trust. It is shown only now.',
      expires: 'Valid until {{time}}, once.',
      copy: 'Copy the link',
      copied: 'Copied',
      mailed: 'If e-mail is set up for this service, it has also been sent to their address.',
      failed: 'No link issued: {{message}}',
      created: '{{name}} is created. Now give them their password link.',
      close: 'Done',
    },
  },
  ko: {
    nav: '사용자',
    onlyAdmins: '사용자 관리는 관리자만 할 수 있습니다. 팀의 관리자에게 요청하세요.',
    users: {
      title: '사용자',
      intro:
        '이 서비스에 로그인하는 모든 사람입니다. 역할에 따라 할 수 있는 일이 정해지며, 한 사람이 여러 역할을 가질 수 있습니다.',
      fourEyesTitle: '4안 원칙은 관리자에게도 적용됩니다',
      fourEyes:
        '역할과 관계없이 누구도 자신이 등록한 사건을 검증하거나 자신이 추가한 증거를 검토할 수 없습니다. 검증자이기도 한 관리자도 같은 규칙을 따릅니다.',
      create: '새 사용자',
      loadFailed: '사용자 목록을 불러오지 못했습니다.',
      loadMore: '더 보기',
      columns: {
        name: '이름',
        email: '이메일 주소',
        roles: '역할',
        state: '접근',
        created: '추가일',
        actions: '작업',
      },
      active: '활성',
      inactive: '비활성화됨',
      you: '(나)',
      edit: '편집',
      editNamed: '{{name}} 편집',
      resetLink: '비밀번호 링크',
      resetLinkNamed: '{{name}}의 비밀번호 링크',
    },
    form: {
      createTitle: '새 사용자',
      editTitle: '{{name}} 편집',
      displayName: '이름',
      displayNameHelp: '동료들이 아는 이름입니다. 이메일이 아니라 이 이름이 작업 옆에 표시됩니다.',
      email: '이메일 주소',
      emailHelp: '로그인에 사용합니다. 나중에 바꿀 수 없습니다.',
      roles: '역할',
      rolesHelp: '하나 이상.',
      roleHelp: {
        monitor: '사건을 등록하고 출처와 증거를 추가합니다',
        verifier: '증거를 검토하고 사건을 검증하거나 반려합니다',
        writer: '공개 문안을 쓰고, 게시하고, 내보냅니다',
        admin: '사용자와 참조 데이터를 관리하고, 감사 로그를 읽고, 사건을 다시 엽니다',
      },
      rolesRequired: '역할을 하나 이상 고르세요.',
      nameRequired: '이름을 입력하세요.',
      emailInvalid: '올바른 이메일 주소를 입력하세요.',
      access: '접근',
      activeLabel: '로그인 가능',
      deactivateWarning:
        '비활성화하면 즉시 접근이 끝납니다. 열려 있는 화면은 다음 요청 때 로그아웃되며, 다시 활성화할 때까지 로그인할 수 없습니다. 그들의 작업은 그 이름으로 남습니다.',
      passwordNote:
        '비밀번호는 관리자가 정하지 않습니다. 사용자를 만든 뒤 일회용 링크(24시간 유효)를 받아 전달하면, 본인이 그 링크로 비밀번호를 정합니다.',
      save: '저장',
      createSubmit: '사용자 만들기',
      duplicate: '이 이메일 주소의 사용자가 이미 있습니다.',
      stale:
        '그사이 다른 사람이 이 사용자를 바꿨습니다. 양식에 최신 내용이 표시되니 확인하고 다시 저장하세요.',
      selfRefused:
        '자신을 비활성화하거나 자신의 관리자 역할을 없앨 수 없습니다. 다른 관리자에게 요청하세요.',
      refused: '저장하지 못했습니다: {{message}}',
      saved: '저장했습니다.',
    },
    link: {
      title: '{{name}}의 비밀번호 링크',
      explain:
        '{{name}} 님이 새 비밀번호를 정하는 일회용 링크입니다. 링크를 발급하면 그 사용자는 모든 곳에서 즉시 로그아웃됩니다. 관리자는 비밀번호를 보거나 정하지 않습니다.',
      issue: '링크 발급',
      issued: '신뢰할 수 있는 경로로 {{name}} 님에게 이 링크를 전달하세요. 지금만 표시됩니다.',
      expires: '{{time}}까지 한 번 사용할 수 있습니다.',
      copy: '링크 복사',
      copied: '복사됨',
      mailed: '이 서비스에 이메일이 설정되어 있다면 그 주소로도 보냈습니다.',
      failed: '링크를 발급하지 못했습니다: {{message}}',
      created: '{{name}} 님을 만들었습니다. 이제 비밀번호 링크를 전달하세요.',
      close: '완료',
    },
  },
  ru: {
    nav: 'Пользователи',
    onlyAdmins:
      'Пользователями управляют только администраторы. Обратитесь к администратору вашей команды.',
    users: {
      title: 'Пользователи',
      intro:
        'Все, кто входит в этот сервис. Роли определяют, что может делать каждый; у одного человека может быть несколько ролей.',
      fourEyesTitle: 'Принцип четырёх глаз — и для администраторов',
      fourEyes:
        'Никто не проверяет инцидент, который сам зарегистрировал, и никто не рассматривает доказательство, которое сам добавил, какими бы ни были его роли. Администратор, который также проверяющий, подчиняется тому же правилу.',
      create: 'Новый пользователь',
      loadFailed: 'Не удалось загрузить пользователей.',
      loadMore: 'Показать ещё',
      columns: {
        name: 'Имя',
        email: 'Адрес электронной почты',
        roles: 'Роли',
        state: 'Доступ',
        created: 'Добавлен',
        actions: 'Действия',
      },
      active: 'Активен',
      inactive: 'Отключён',
      you: '(вы)',
      edit: 'Изменить',
      editNamed: 'Изменить: {{name}}',
      resetLink: 'Ссылка для пароля',
      resetLinkNamed: 'Ссылка для пароля: {{name}}',
    },
    form: {
      createTitle: 'Новый пользователь',
      editTitle: 'Изменить: {{name}}',
      displayName: 'Имя',
      displayNameHelp:
        'Как его знают коллеги: показывается рядом с его работой вместо адреса почты.',
      email: 'Адрес электронной почты',
      emailHelp: 'С ним пользователь входит. Изменить его потом нельзя.',
      roles: 'Роли',
      rolesHelp: 'Хотя бы одна.',
      roleHelp: {
        monitor: 'регистрирует инциденты, добавляет источники и доказательства',
        verifier: 'рассматривает доказательства, подтверждает или отклоняет инциденты',
        writer: 'пишет публичные тексты, публикует, экспортирует',
        admin:
          'управляет пользователями и справочниками, читает журнал аудита, открывает инциденты заново',
      },
      rolesRequired: 'Выберите хотя бы одну роль.',
      nameRequired: 'Укажите имя.',
      emailInvalid: 'Укажите правильный адрес электронной почты.',
      access: 'Доступ',
      activeLabel: 'Может входить',
      deactivateWarning:
        'Отключение сразу прекращает доступ: открытые страницы пользователя выйдут из системы при следующем запросе, и войти снова он не сможет, пока его не включат. Его работа остаётся под его именем.',
      passwordNote:
        'Пароль задаёте не вы: после создания пользователя вы получите одноразовую ссылку (действует 24 часа), по которой он сам задаст пароль.',
      save: 'Сохранить',
      createSubmit: 'Создать пользователя',
      duplicate: 'Пользователь с таким адресом уже есть.',
      stale:
        'Кто-то изменил этого пользователя тем временем. Форма показывает новую версию: проверьте и сохраните снова.',
      selfRefused:
        'Нельзя отключить себя или снять с себя роль администратора. Обратитесь к другому администратору.',
      refused: 'Не сохранено: {{message}}',
      saved: 'Сохранено.',
    },
    link: {
      title: 'Ссылка для пароля: {{name}}',
      explain:
        'Одноразовая ссылка, по которой {{name}} задаст новый пароль. Выдача ссылки сразу завершает все его сеансы. Вы не видите и не выбираете его пароль.',
      issue: 'Выдать ссылку',
      issued:
        'Передайте эту ссылку пользователю {{name}} по надёжному каналу. Она показывается только сейчас.',
      expires: 'Действует до {{time}}, один раз.',
      copy: 'Скопировать ссылку',
      copied: 'Скопировано',
      mailed: 'Если в сервисе настроена почта, ссылка также отправлена на его адрес.',
      failed: 'Ссылка не выдана: {{message}}',
      created: 'Пользователь {{name}} создан. Теперь передайте ему ссылку для пароля.',
      close: 'Готово',
    },
  },
};
