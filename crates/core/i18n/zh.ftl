# entrack 消息 — 简体中文
loc-row = 第 { $row } 行

field-tenant_id = 租户 ID
field-tenant_name = 租户名称
field-service = 服务
field-total_entitlements = 权益总数
field-scenario = 场景
field-engagement_scenario = 服务接洽场景
field-service_status = 服务状态
field-engagement_start_date = 接洽开始日期
field-review = 复核标记
field-row = 状态行
field-l1 = L1
field-l2 = L2
field-l3 = L3
field-entitlements = 权益数
field-target_date = 目标日期
field-owner = 负责人
field-note = 笔记
field-next_action = 下一行动
field-next_action_date = 下一行动日期

rule-missing-value = 此处必须填写
rule-unknown-field = “{ $value }”不是状态行的字段；可用字段：{ $allowed }
rule-invalid-value = “{ $value }”在此无效；应为 { $expected }
rule-invalid-number = “{ $value }”不是有效的席位整数（0 或以上）
rule-invalid-date = “{ $value }”不是日期；请按 { $expected } 格式填写
rule-invalid-tenant-id = “{ $value }”不是租户 ID；租户 ID 是 GUID，例如 6f9619ff-8b86-d011-b42d-00c04fc964ff
rule-unknown-service = “{ $value }”不是目录中的服务（参见“entrack services”）
rule-unknown-l1 = “{ $value }”不是 L1；L1 取值为：{ $allowed }
rule-l2-not-in-l1 = { $belongs ->
    [none] “{ $value }”不是 { $l1 } 的 L2
   *[other] “{ $value }”是 { $belongs } 的 L2，而不是 { $l1 } 的
  }；请从以下选择：{ $allowed }
rule-l3-not-in-l2 = “{ $value }”不是 { $l2 } 的 L3；此服务可选：{ $allowed }
rule-l3-without-l2 = L3（“{ $value }”）需要先设置 L2
rule-l3-not-for-service = L3“{ $value }”不适用于 { $service }；它适用于：{ $services }
rule-l2-required = { $l1 } 需要 L2（原因）
rule-l2-not-allowed = { $l1 } 没有 L2；请留空
rule-l3-not-allowed = { $l1 } 没有 L3；请留空
rule-target-date-required = { $scenario ->
    [delivery] 交付阶段的 { $l1 } 需要以预计的障碍解除日期作为目标日期
   *[other] { $l1 } 需要目标日期
  }
rule-target-date-not-allowed = { $scenario ->
    [assignment] 分配阶段的 { $l1 } 没有目标日期；请留空
   *[other] { $l1 } 没有目标日期；请留空
  }
rule-target-date-in-past = 目标日期 { $value } 已过去（今天是 { $today }）；请选择今天或之后的日期
rule-target-date-before-engagement-start = 目标日期 { $value } 早于接洽开始日期 { $start }
rule-owner-required = { $l1 } 需要负责人（客户团队；分配阶段为交付 FM）
rule-owner-not-allowed = { $l1 } 没有负责人；请留空
rule-note-required = 每个状态行都需要一条说明原因的笔记
rule-note-poor = 笔记质量太差，无法保存（{ $reasons }）；请写明客户的意向及原因，或请管理员允许质量差的笔记
rule-next-action-required = 分配阶段的 { $l1 } 需要下一行动（启动会议）
rule-next-action-date-required = 分配阶段的 { $l1 } 需要下一行动日期（启动讨论的日期）
rule-next-action-date-without-action = 下一行动日期（{ $value }）需要对应的下一行动
rule-text-too-long = 文本有 { $length } 个字符；最多允许 { $max } 个
rule-invalid-characters = 文本包含控制字符 { $value }
rule-row-without-entitlements = 状态行至少需要一个席位；请删除该行或为其分配席位
rule-duplicate-row = 此行与第 { $other } 行的 L1/L2/L3 { $value } 重复；同一原因的席位应放在同一行
rule-entitlements-sum-mismatch = 各行共有 { $sum } 个席位，但该服务有 { $total } 个；每个席位必须且只能有一个状态
rule-total-below-classified = 新总数 { $total } 少于已归入“状态未知”以外状态的 { $classified } 个席位；请先用“entrack status put”调整席位
rule-service-status-without-in-progress = 服务状态 { $value } 仅在有席位处于 { $l1 } 时适用；请清空（none）或保留一行 { $l1 }
rule-updater-not-allowed = { $scenario ->
    [assignment] 分配阶段只有分配 FM 可以更新状态行，角色 { $role } 不可以
    [delivery] 交付阶段只有交付 FM 可以更新状态行，角色 { $role } 不可以
   *[other] 角色 { $role } 不能更改状态行
  }
rule-engagement-scenario-locked = 服务在交付阶段受阻期间，服务接洽场景保留其先前的值（{ $previous }）
rule-engagement-scenario-not-permitted = 角色 { $role } 无权更改参与方案；请联系管理员或 Assignment FM（FTOP：提交 FTC Help 请求，类别 Engagement Scenario Change）
rule-tenant-name-required = 租户需要名称
rule-tenant-exists = ID 为 { $value } 的租户已存在
rule-tenant-unavailable = 租户 { $value } 属于另一个组织：此处既不能更改也不能创建它
rule-unknown-column = 列“{ $value }”不属于交换格式；可用的列为：{ $allowed }
rule-missing-column = 文件缺少必需的列“{ $value }”
rule-service-rows-split = 该租户和服务的行不连续（首次出现在第 { $other } 行）；请按 tenant_id 和 service 排序文件
rule-conflicting-value = “{ $value }”与同一服务第 { $other } 行的值不同；一个服务在此只能有一个值
rule-mixed-date-formats = “{ $value }”的写法与文件中其他日期不同（{ $expected }，首次出现在第 { $other } 行）；请统一格式或用 --date-format 指定
rule-changed-since-batch = { $value } 在批次之后已被修改（当前版本 { $version }，批次留下的版本为 { $other }）；拒绝撤销
rule-batch-already-undone = 批次 { $value } 已被批次 { $other } 撤销
rule-unknown-batch = 不存在批次“{ $value }”（见“entrack import batches”）
rule-unreadable-file = 无法读取文件：{ $value }

auto-note-new-seats = 已自动添加 { $count } 个新权益；意向尚不明确

cli-store-ready = 存储 { $path } 已就绪（架构版本 { $version }）。
cli-migrated = 已从 { $from } 复制到 { $to }：{ $tenants } 个租户、{ $services } 个服务（{ $rows } 个状态行）、{ $events } 个事件、{ $batches } 个批次、{ $users } 个用户；两边读回的内容一致。
cli-backup-written = 存储的一致副本已写入 { $path }。
cli-backup-postgres = PostgreSQL 存储请用服务器自带的工具备份：pg_dump --format=custom --file=entrack.dump "$ENTRACK_DB"（见 README）。
cli-tenant-added = 已添加租户 { $name }（{ $id }）。
cli-saved = 已保存 { $tenant } 的 { $service }，版本 { $version }。
cli-no-change = 无更改：{ $tenant } 的 { $service } 已是此内容（版本 { $version }）。
cli-rejected = 已拒绝；未写入任何内容：
cli-invalid-json = 状态行不是有效的 JSON（{ $detail }）；应为行对象数组
cli-total = 合计
cli-no-events = 尚无历史记录。
cli-not-at = { $at } 时 { $tenant } 的 { $service } 尚不存在。
cli-import-summary = 已读取 { $rows } 行：新建 { $tenants } 个租户和 { $created } 个服务，更改 { $changed } 个服务，{ $unchanged } 个未变，{ $rejected } 个被拒绝。
cli-import-warnings = 已接受，但有 { $count } 个已更改的行笔记质量差（本组织允许）：
cli-import-written = 已保存为批次 { $batch }（可用“entrack import undo { $batch }”撤销）。
cli-dry-run = 试运行：未写入任何内容。
cli-nothing-changed = 未写入任何内容：存储中已包含全部数据。
cli-import-refused = 由于上述错误，未写入任何内容；请修正错误，或使用 --skip-invalid 导入有效的服务。
cli-errors-more = …… 另有 { $count } 条（用 --errors 文件 全部写出）。
cli-errors-written = 错误已写入 { $path }。
cli-file-error-at = 第 { $row } 行
cli-need-actor = 请用 --as 用户 或 ENTRACK_USER 指明修改人
cli-feed-summary = 订阅源 { $lines } 行：新建 { $tenants } 个租户和 { $created } 个服务，更改 { $changed } 个总数，{ $unchanged } 个未变，{ $flagged } 个标记待复核，{ $rejected } 个被拒绝。
cli-export-summary = 已将 { $services } 个服务的 { $rows } 行导出到 { $path }。
cli-undo-done = 批次 { $batch } 已由批次 { $undo } 撤销：恢复 { $restored } 个服务，移除 { $removed } 个服务和 { $tenants } 个租户。
cli-no-batches = 尚无批次。
cli-no-review = 没有标记待复核的服务。
err-tenant-not-found = 没有 ID 或名称为“{ $key }”的租户（参见“entrack tenant list”）
err-service-not-found = 租户 { $tenant } 没有 { $service } 的权益；请先用“entrack entitlement set”设置
err-tenant-ambiguous = 有 { $count } 个租户名为“{ $key }”；请使用租户 ID
err-conflict = { $what } 已被他人更改（当前版本 { $version }）；请重新读取后重试
err-store = 无法使用存储：{ $detail }
err-input = 无法读取 { $path }：{ $detail }
err-db-scheme = entrack 不支持“{ $scheme }://”存储。嵌入式存储请使用文件路径或 sqlite://路径，PostgreSQL 请使用 postgres://用户@主机:端口/数据库。

## HTTP API problems
api-not-found = 未找到：{ $what }。
api-precondition-required = 此更改需要 If-Match 标头，其值为您读取服务时的 ETag。
api-stale = { $what } 已被他人更改，当前版本为 { $version }。请重新读取后再次应用您的更改。
api-rejected = 此更改违反了 { $count } 条规则；未保存任何内容。
api-bad-request = 无法读取请求：{ $detail }
api-exists = { $what } 已存在。
api-internal = 服务器出错；未保存任何内容。请求 ID 见 x-request-id 标头。
cli-serve-loopback = { $address } 不是回环地址。明文 HTTP 会以明文传输密码和会话 Cookie，因此除非前面有 TLS 代理（--behind-tls），entrack serve 只在本机（127.0.0.1 或 ::1）上监听。
cli-serve-bind = 无法在 { $address } 上监听：{ $detail }
cli-serve-listening = entrack API 运行于 http://{ $address }（按 Ctrl-C 停止）。
api-unauthorized = 请先登录：发送来自 /api/v1/login 的会话 Cookie，或以“Authorization: Bearer …”发送 API 令牌。
api-forbidden = 不允许：{ $what }。
api-csrf = 此更改带有会话 Cookie，但缺少匹配的 X-CSRF-Token 标头，或来自其他站点；未保存任何内容。
api-throttled = 登录尝试次数过多；请在 { $seconds } 秒后重试。
api-login-failed = 用户名或密码错误。
api-idempotency-mismatch = Idempotency-Key { $key } 已用于另一个请求；新请求请使用新的键。
api-idempotency-busy = 带有 Idempotency-Key { $key } 的请求仍在处理中；请在其完成后重试。
api-password-weak = 密码太弱：{ $detail }
cli-unknown-user = “{ $user }”不是此存储的用户。存储有用户后，更改须以其中一个用户的身份进行（参见“entrack user list”）。
cli-role-from-account = { $user } 以账户的角色 { $role } 操作；请去掉 --role。
cli-unknown-org = 没有名为“{ $org }”的组织（参见“entrack org list”）。
cli-password-empty = 标准输入中没有密码；请传入一行，例如 printf "%s\n" "$PASSWORD" | entrack user add …
cli-bad-name = 名称需要 1 到 200 个字符，且不含控制字符。
cli-bad-username = 用户名只能使用字母、数字和 . - _ @（最多 200 个）。
cli-note-grade = 第 { $row } 行的笔记：{ $grade }
cli-org-added = 已创建组织 { $org }（编号 { $id }）。
cli-org-poor-notes-allowed = { $org }：现在可以保存笔记质量差的状态行；导入时会作为警告列出。
cli-org-poor-notes-refused = { $org }：笔记质量差的已更改状态行将被拒绝。
cli-user-added = 已在 { $org } 中以 { $role } 角色创建用户 { $user }。
cli-password-set = 已设置 { $user } 的密码。
cli-token-created = 已为 { $user } 创建令牌 { $id }。它只显示这一次：请妥善保管。
cli-token-revoked = 已撤销令牌 { $id }。
cli-assign-role = 用户只能以 assignment-fm、delivery-fm 或 account-team 身份分配。
cli-assign-other-org = { $user } 与租户 { $tenant } 不属于同一组织。
cli-assigned = 已将 { $user } 以 { $role } 身份分配给 { $tenant }（分配 { $id }）。
cli-unassigned = 已删除分配 { $id }。
cli-serve-no-users = 此存储尚无用户：无人可以登录。请创建第一个管理员：entrack user add 名称 --role admin --password-stdin
suggest-grade-great = 优秀：备注写明了意向和原因。
suggest-grade-marginal = 一般：备注需要改进。
suggest-grade-poor = 较差：此备注无法按原样保存。
suggest-empty = 备注为空
suggest-too-short = 太短，无法说明客户的意向和原因
suggest-bare-status = 只有状态词（“{ $found }”）：请说明情况和原因
suggest-logistics = 会议安排（“{ $found }”）应写在参与管理备注中，而不是服务意向备注
suggest-no-reason = 没有写原因：请说明为什么（因为……、由于……、直到……）
suggest-hedge = 含糊的措辞（“{ $found }”）：请使用明确的表述
suggest-too-long = 太长，要点被淹没：两句话就够了

# Web UI
ui-skip = 跳到内容
ui-nav = 主导航
ui-portfolio = 客户组合
ui-dashboard = 仪表板
ui-taxonomy = 分类
ui-language = 语言
ui-sign-out = 退出
ui-sign-in = 登录
ui-username = 用户名
ui-password = 密码
ui-search = 搜索
ui-search-hint = 名称或租户 ID
ui-any = 全部
ui-service = 服务
ui-owner = 负责人
ui-overdue = 下一步行动已逾期
ui-tenant = 租户
ui-tenant-id = 租户 ID
ui-services = 服务
ui-seats = 许可证数
ui-split = 按 L1 的许可证
ui-no-tenants = 没有匹配的租户。
ui-next-page = 下一页
ui-target-date = 目标日期
ui-next-action = 下一步行动
ui-next-action-date = 下一步行动日期
ui-note = 笔记
ui-history = 历史记录
ui-edit = 编辑
ui-view = 查看
ui-no-services = 尚无服务授权。
ui-total = 总计
ui-stale = 在您打开后，其他人修改了此服务；您的内容未保存。其修改如下：请检查后重新保存。
ui-row = 行
ui-suggest = 建议
ui-remove-row = 删除行
ui-accept = 采用
ui-sum = 许可证合计
ui-add-row = 添加行
ui-save = 保存
ui-read-only = 您可以查看此服务；只有已分配的用户可以修改。
ui-saved = 已保存。
ui-no-history = 尚无更改。
ui-exclude-invalid = 排除重复/无效
ui-include-invalid = 包括重复/无效
ui-download-csv = 下载 CSV
ui-seats-by-l1 = 各服务按 L1 的许可证
ui-blocked-no-intent = 按 L2 的受阻与无意向
ui-code = 代码
ui-all-services = 所有服务
